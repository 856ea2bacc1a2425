"""The cascade checks of the coverage gate: referential actions that reach past RLS.

An ON DELETE CASCADE (or SET NULL / SET DEFAULT) runs as the table owner, so a client who
may delete a row also deletes (or updates) every row the foreign keys chain to it, policies
or not. `gaps(conn, matrix)` reads every such chain from the catalog and, per the access
matrix, reports each one that starts at a table a client role (anon, authenticated) may
delete from and ends at a table on which that role may not delete (or, for set null/default,
update) every row itself — unless the matrix declares the chain in `[cascades]` with a
reason. Declarations that match no such chain are reported as stale.

Checks (the first item of each gap):
  cascade-undeclared  a client delete reaches rows the client could not change directly
  cascade-stale       a `[cascades]` declaration matches no chain that needs one
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

from toolkit import queries
from toolkit.rls.matrix import ALLOWED, DENIED, INVISIBLE, Matrix, TableEntry

CLIENT_ROLES = ("anon", "authenticated")
NO_ROWS = (DENIED, INVISIBLE)


@dataclass(frozen=True)
class Chain:
    """Deleting from `tables[0]` deletes along `tables`, then does `action` on the last."""

    tables: tuple[str, ...]
    action: str  # "delete" (cascade) or "update" (set null / set default)
    constraints: tuple[str, ...]

    @property
    def key(self) -> str:
        return "->".join(self.tables)


def chains(conn: psycopg.Connection, schemas: list[str]) -> list[Chain]:
    """Every chain of referential actions from a table of `schemas` (catalog only)."""
    found = conn.execute(queries.load("rls/cascades"), {"schemas": schemas}).fetchall()
    return [Chain(tuple(tables), action, tuple(names)) for tables, action, names in found]


def _cells(entry: TableEntry, command: str, personas: tuple[str, ...]) -> dict[str, str]:
    """`command`'s outcome for each of `personas` (one role's) that `entry` lists."""
    return {p: entry.expected(command, p) for p in personas if p in entry.personas}


def _listing(cells: dict[str, str]) -> str:
    return ", ".join(f"{p}: {o}" for p, o in cells.items())


def _risk(chains_: list[Chain], matrix: Matrix) -> str | None:
    """Why the chains of one key need a declaration, or None when every client role that
    may delete from their first table may also do, on every row, what they do at the end."""
    first, last = chains_[0].tables[0], chains_[0].tables[-1]
    source, target = matrix.tables.get(first), matrix.tables.get(last)
    if source is None:  # unlisted tables are findings of their own
        return None
    reasons = []
    for role in CLIENT_ROLES:
        personas = matrix.vocabulary.of_role(role)
        deleting = _cells(source, "delete", personas)
        if all(o in NO_ROWS for o in deleting.values()):
            continue
        routes = []
        for chain in chains_:
            at_end = _cells(target, chain.action, personas) if target else {}
            if at_end and all(o == ALLOWED for o in at_end.values()):
                continue
            done = "deletes" if chain.action == "delete" else "sets null (or default) in"
            routes.append(
                f"{' then '.join(chain.constraints)} {done} {last} rows {role} may not "
                f"{chain.action} ({_listing(at_end) if target else 'not in the matrix'})"
            )
        if routes:
            reasons.append(
                f"{role} may delete from {first} ({_listing(deleting)}), and " + "; ".join(routes)
            )
    return " | ".join(reasons) or None


def gaps(conn: psycopg.Connection, matrix: Matrix) -> list[tuple[str, str, str]]:
    """(check, subject, message) of every undeclared risky chain and stale declaration."""
    by_key: dict[str, list[Chain]] = {}
    for chain in chains(conn, list(matrix.exposed_schemas)):
        by_key.setdefault(chain.key, []).append(chain)
    risky = {key: why for key, group in by_key.items() if (why := _risk(group, matrix))}
    out = [
        (
            "cascade-undeclared",
            key,
            f"{why}; declare it under [cascades] with a reason, or change the foreign key",
        )
        for key, why in risky.items()
        if key not in matrix.cascades
    ]
    for key in sorted(set(matrix.cascades) - set(risky)):
        why = (
            "every client role that may delete from its first table may also change any row "
            "of its last: nothing to declare"
            if key in by_key
            else "no such chain of ON DELETE actions exists"
        )
        out.append(("cascade-stale", key, f"the matrix declares this cascade, but {why}"))
    return out
