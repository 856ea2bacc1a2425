"""Running one planned step: each in its own transaction (a savepoint when nested), its
bookkeeping included, so a step is applied with its records or not at all. The engine
decides what to run and holds the session; this module only executes."""

from __future__ import annotations

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from toolkit import bookkeeping, queries, removal
from toolkit.files import ProjectFiles
from toolkit.migrations import Migration
from toolkit.plan import Planned
from toolkit.repeatables import DefinedObject, Repeatable
from toolkit.runner import run_engine_statement, run_file
from toolkit.session import Session
from toolkit.state import BOOTSTRAP_KEY, AppliedRepeatable


def run_step(
    session: Session, files: ProjectFiles, planned: Planned, *, nested: bool = False
) -> None:
    """Run one planned step in its own transaction (a savepoint when `nested`)."""
    step, conn = planned.step, session.conn
    if step.kind == "bootstrap":
        _apply_bootstrap(conn, files, session.settings)
    elif step.kind == "migration" and step.action == "apply":
        assert planned.migration is not None
        _apply_migration(session, planned.migration)
    elif step.kind == "migration":
        assert planned.migration is not None
        _rollback_migration(session, planned.migration, planned.dependents, nested=nested)
    elif step.action == "remove":
        assert planned.applied is not None
        _remove_repeatable(conn, planned.applied)
    else:
        assert planned.repeatable is not None
        _apply_repeatable(conn, planned.repeatable, planned.applied, session.settings)


# ---------------------------------------------------------------------------------------
# steps (each one transaction, bookkeeping included)


def _apply_bootstrap(
    conn: psycopg.Connection, files: ProjectFiles, settings: dict[str, str]
) -> None:
    with conn.transaction():
        for sql_file in files.bootstrap:
            run_file(conn, sql_file, settings=settings)
        conn.execute(
            queries.load("upsert_repeatable"),
            {
                "key": BOOTSTRAP_KEY,
                "kind": "bootstrap",
                "checksum": files.bootstrap_checksum,
                "requires": None,
                "objects": Jsonb([]),
            },
        )


def _apply_migration(session: Session, m: Migration) -> None:
    conn, settings = session.conn, session.settings
    first = session.extensions_first.get(m.apply.name, [])
    if m.transactional:
        with conn.transaction():
            _create_extensions(conn, m.apply.name, first)
            run_file(conn, m.apply, settings=settings)
            _mark(session, m)
        return
    _create_extensions(conn, m.apply.name, first)
    run_file(conn, m.apply, settings=settings)
    with conn.transaction():
        _mark(session, m)


def _mark(session: Session, m: Migration) -> None:
    bookkeeping.record_applied(session.conn, m, history=session.supabase_history)


def _rollback_migration(
    session: Session,
    m: Migration,
    dependents: tuple[AppliedRepeatable, ...],
    *,
    nested: bool = False,
) -> None:
    conn, settings = session.conn, session.settings
    if not m.transactional and not nested:
        for rec in dependents:
            _remove_repeatable(conn, rec)
        run_file(conn, m.rollback, settings=settings)
        with conn.transaction():
            _unmark(session, m)
        return
    with conn.transaction():
        for rec in dependents:
            _remove_repeatable(conn, rec)
        run_file(conn, m.rollback, settings=settings, skip_non_transactional=not m.transactional)
        _unmark(session, m)


def _unmark(session: Session, m: Migration) -> None:
    bookkeeping.record_rolled_back(session.conn, m, history=session.supabase_history)


def _apply_repeatable(
    conn: psycopg.Connection,
    rep: Repeatable,
    previous: AppliedRepeatable | None,
    settings: dict[str, str],
) -> None:
    with conn.transaction():
        if rep.kind == "policy":
            _drop_policies(conn, rep.table or "")
        elif previous is not None:
            _drop_objects(conn, rep.file.name, removal.stale_objects(rep, previous))
        run_file(conn, rep.file, settings=settings)
        conn.execute(
            queries.load("upsert_repeatable"),
            {
                "key": rep.key,
                "kind": rep.kind,
                "checksum": rep.checksum,
                "requires": rep.requires,
                "objects": Jsonb([[o.kind, o.name, o.table] for o in rep.objects]),
            },
        )


def _remove_repeatable(conn: psycopg.Connection, rec: AppliedRepeatable) -> None:
    with conn.transaction():
        objects = [DefinedObject(*o) for o in rec.objects]
        for obj in objects:
            if obj.kind == "policies":
                _drop_policies(conn, obj.name)
        _drop_objects(conn, f"sql/{rec.key}", [o for o in objects if o.kind != "policies"])
        conn.execute("delete from mashdb.repeatables where key = %s", (rec.key,))


def _drop_objects(conn: psycopg.Connection, name: str, objects: list[DefinedObject]) -> None:
    for _obj, text in removal.drop_statements(conn, objects):
        run_engine_statement(conn, name, text)


def _create_extensions(conn: psycopg.Connection, name: str, extensions: list[str]) -> None:
    # where schema `extensions` exists (Supabase), an extension a migration creates without
    # naming a schema goes there rather than into public (toolkit/preflight.py finds them)
    for ext in extensions:
        stmt = sql.SQL("create extension if not exists {} schema extensions")
        run_engine_statement(conn, name, stmt.format(sql.Identifier(ext)).as_string(conn))


def _drop_policies(conn: psycopg.Connection, table: str) -> None:
    if not conn.execute("select to_regclass(%s)", (table,)).fetchone()[0]:
        return
    for (stmt,) in conn.execute(queries.load("drop_policies"), {"table": table}).fetchall():
        run_engine_statement(conn, f"policies of {table}", stmt)
