"""Running one planned step: each in its own transaction (a savepoint when nested), its
bookkeeping included, so a step is applied with its records or not at all. The engine
decides what to run and holds the session; this module only executes.

A step that applies (the bootstrap, a transactional migration, a repeatable) is sent as one
message: BEGIN, the statements mashdb composes for it (extensions first, the drops of a
repeatable's stale objects or policies, read from the catalog beforehand), its files'
SQL, its bookkeeping rows as literals, COMMIT — one round trip instead of one per
statement, savepoint and record. Should the message fail, its transaction is rolled
back whole and the step runs again the long way, statement by statement, which
reproduces the failure on the statement that causes it and reports it exactly as
before (file:line, SQLSTATE, hint); a failure that does not recur is simply applied.
Rollbacks, nested steps and `-- transactional: false` migrations always go the long way.
"""

from __future__ import annotations

import psycopg
from psycopg import sql
from psycopg.pq import TransactionStatus
from psycopg.types.json import Jsonb

from toolkit import bookkeeping, queries, removal
from toolkit.errors import MigrationFailed
from toolkit.files import ProjectFiles
from toolkit.migrations import Migration
from toolkit.plan import Planned
from toolkit.repeatables import DefinedObject, Repeatable
from toolkit.runner import describe, run_engine_statement, run_file
from toolkit.session import Session
from toolkit.sqlfile import SqlFile
from toolkit.state import BOOTSTRAP_KEY, AppliedRepeatable


def run_step(
    session: Session, files: ProjectFiles, planned: Planned, *, nested: bool = False
) -> None:
    """Run one planned step in its own transaction (a savepoint when `nested`)."""
    step, conn = planned.step, session.conn
    if not nested and _in_one_message(session, files, planned):
        return
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
# a step in one message


def _in_one_message(session: Session, files: ProjectFiles, planned: Planned) -> bool:
    """Apply `planned` in one message; False when it must go the long way (nothing of it
    was kept: it cannot be sent whole, or the message failed and was rolled back)."""
    conn = session.conn
    if conn.info.transaction_status != TransactionStatus.IDLE:
        return False
    composed = _compose(session, files, planned)
    if composed is None:
        return False
    first, parts = composed
    script = "begin;\n" + "\n;\n".join(parts) + "\n;\ncommit;\n"
    try:
        conn.execute(script, prepare=False)
    except psycopg.Error as exc:
        if conn.closed:  # nothing to re-run on: name the file where the step's SQL starts
            raise MigrationFailed(
                describe(first, first.statements[0], exc, session.settings)
            ) from exc
        if conn.info.transaction_status != TransactionStatus.IDLE:
            conn.execute("rollback")
        return False
    return True


def _compose(
    session: Session, files: ProjectFiles, planned: Planned
) -> tuple[SqlFile, list[str]] | None:
    """The first file and every SQL text of an applying step, in the order the long way
    runs them; None for a step that is not sent whole."""
    step, conn = planned.step, session.conn
    if step.kind == "bootstrap":
        sql_files = [f.checked() for f in files.bootstrap]
        if not sql_files:
            return None
        record = _literal(conn, *_bootstrap_record(files))
        return sql_files[0], [f.text for f in sql_files] + [record]
    if step.kind == "migration" and step.action == "apply":
        m = planned.migration
        assert m is not None
        if not m.transactional:
            return None
        first = m.apply.checked()
        extensions = [
            _extension_sql(conn, ext) for ext in session.extensions_first.get(m.apply.name, [])
        ]
        records = [
            _literal(conn, query, params)
            for query, params in bookkeeping.applied_queries(m, history=session.supabase_history)
        ]
        return first, [*extensions, first.text, *records]
    if step.kind == "migration" or step.action == "remove":
        return None
    rep = planned.repeatable
    assert rep is not None
    first = rep.file.checked()
    if rep.kind == "policy":
        drops = _policy_drops(conn, rep.table or "")
    elif planned.applied is not None:
        stale = removal.stale_objects(rep, planned.applied)
        drops = [text for _obj, text in removal.drop_statements(conn, stale)]
    else:
        drops = []
    return first, [*drops, first.text, _literal(conn, *_repeatable_record(rep))]


def _literal(conn: psycopg.Connection, query: str, params: dict[str, object]) -> str:
    """`query` with its parameters bound client-side (its comment lines left out, so that
    no bound value can end up in one)."""
    code = "\n".join(line for line in query.splitlines() if not line.lstrip().startswith("--"))
    return psycopg.ClientCursor(conn).mogrify(code, params)


# ---------------------------------------------------------------------------------------
# steps (each one transaction, bookkeeping included)


def _apply_bootstrap(
    conn: psycopg.Connection, files: ProjectFiles, settings: dict[str, str]
) -> None:
    with conn.transaction():
        for sql_file in files.bootstrap:
            run_file(conn, sql_file, settings=settings)
        conn.execute(*_bootstrap_record(files))


def _bootstrap_record(files: ProjectFiles) -> tuple[str, dict[str, object]]:
    return queries.load("upsert_repeatable"), {
        "key": BOOTSTRAP_KEY,
        "kind": "bootstrap",
        "checksum": files.bootstrap_checksum,
        "requires": None,
        "objects": Jsonb([]),
    }


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
        conn.execute(*_repeatable_record(rep))


def _repeatable_record(rep: Repeatable) -> tuple[str, dict[str, object]]:
    return queries.load("upsert_repeatable"), {
        "key": rep.key,
        "kind": rep.kind,
        "checksum": rep.checksum,
        "requires": rep.requires,
        "objects": Jsonb([[o.kind, o.name, o.table] for o in rep.objects]),
    }


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
        run_engine_statement(conn, name, _extension_sql(conn, ext))


def _extension_sql(conn: psycopg.Connection, extension: str) -> str:
    stmt = sql.SQL("create extension if not exists {} schema extensions")
    return stmt.format(sql.Identifier(extension)).as_string(conn)


def _drop_policies(conn: psycopg.Connection, table: str) -> None:
    for stmt in _policy_drops(conn, table):
        run_engine_statement(conn, f"policies of {table}", stmt)


def _policy_drops(conn: psycopg.Connection, table: str) -> list[str]:
    """The statements dropping every policy of `table` (none when it does not exist)."""
    rows = conn.execute(queries.load("drop_policies"), {"table": table}).fetchall()
    return [stmt for (stmt,) in rows]
