"""The statements that remove what a repeatable defined (its functions and triggers).

Triggers go first, then functions. A trigger on a table the role does not own cannot be
dropped by it (PostgreSQL: only the table's owner may DROP TRIGGER). That is the sign-up
trigger on Supabase's `auth.users`, owned by `supabase_auth_admin`, which `postgres` may
create (it holds TRIGGER) but not drop. Such a trigger goes with its function instead:
`drop function ... cascade` needs ownership of the function only, and the cascade removes
the triggers that call it. This is done only when the function is one of the repeatable's
own objects and nothing but the repeatable's own triggers depends on it, so the cascade
removes exactly those; otherwise the plain DROP TRIGGER is planned and the privilege
pre-flight refuses it with the reason.
"""

from __future__ import annotations

from collections.abc import Iterable

import psycopg

from toolkit import queries
from toolkit.repeatables import DefinedObject, Repeatable
from toolkit.state import AppliedRepeatable


def drop_statements(
    conn: psycopg.Connection, objects: Iterable[DefinedObject]
) -> list[tuple[DefinedObject, str]]:
    """(object, SQL) removing `objects`: functions and triggers, triggers first (policies
    are the engine's); a trigger that goes with its function has no statement of its own."""
    objects = sorted(objects, key=lambda o: o.kind != "trigger")
    functions = {_signature(conn, o.name) for o in objects if o.kind == "function"} - {None}
    own_triggers = {(o.table, o.name) for o in objects if o.kind == "trigger"}
    cascade: set[str] = set()
    statements = []
    for obj in objects:
        if obj.kind == "trigger":
            row = conn.execute(
                queries.load("trigger_removal"), {"table": obj.table, "name": obj.name}
            ).fetchone()
            if row is None:
                continue  # the table or the trigger is gone already
            owns_table, function, function_oid, has_other_dependents = row
            if (
                not owns_table
                and function in functions
                and not has_other_dependents
                and _triggers_of(conn, function_oid) <= own_triggers
            ):
                cascade.add(function)
                continue
            statements.append((obj, obj.drop_sql()))
        elif obj.kind == "function":
            sql = obj.drop_sql()
            if _signature(conn, obj.name) in cascade:
                sql += " cascade"
            statements.append((obj, sql))
    return statements


def stale_objects(rep: Repeatable, previous: AppliedRepeatable) -> list[DefinedObject]:
    """What a repeatable defined when last applied and no longer defines."""
    return sorted({DefinedObject(*o) for o in previous.objects} - set(rep.objects))


def _triggers_of(conn: psycopg.Connection, function_oid: int) -> set[tuple[str, str]]:
    rows = conn.execute(queries.load("preflight_function_triggers"), {"oid": function_oid})
    return {(table, name) for table, name in rows.fetchall()}


def _signature(conn: psycopg.Connection, name: str) -> str | None:
    try:
        with conn.transaction():
            return conn.execute(queries.load("function_oid"), {"signature": name}).fetchone()[0]
    except psycopg.errors.UndefinedObject:
        return None  # an argument type is gone (its migration was rolled back)
