"""Run a parsed SQL file and turn failures into file:line messages.

Inside a transaction a file is sent whole, in one round trip (one simple-query message,
as dbmate and `psql -c` send it; PostgreSQL runs its statements in order and applies
statement_timeout to each), guarded by a savepoint. Should it fail, the savepoint is rolled
back and the file is run again statement by statement, which reproduces the failure on
the statement that causes it and names its file:line (a lost connection leaves nothing to
re-run on: it is reported at the file's first statement). Outside a transaction (a
`-- transactional: false` migration) statements are always sent one by one: each commits
on its own, as the file's marker promises.
"""

from __future__ import annotations

import psycopg
from psycopg import errors as pgerrors
from psycopg.pq import TransactionStatus

from toolkit.errors import MigrationFailed
from toolkit.sqlfile import SqlFile, Statement


def run_file(
    conn: psycopg.Connection,
    sql_file: SqlFile,
    *,
    settings: dict[str, str],
    skip_non_transactional: bool = False,
) -> None:
    """Execute every statement of `sql_file` on `conn` (the caller owns the transaction).

    `skip_non_transactional` is for rehearsing a `-- transactional: false` file inside a
    transaction that will be rolled back (the data-loss guard): statements PostgreSQL refuses
    in a transaction block (SQLSTATE 25001: CREATE/DROP INDEX CONCURRENTLY, VACUUM, ...)
    are skipped, each in its own savepoint. None of them drops a table or a column.
    """
    sql_file.checked()  # a file that does not parse never runs (it has no statements)
    in_transaction = conn.info.transaction_status == TransactionStatus.INTRANS
    if in_transaction and not skip_non_transactional and len(sql_file.statements) > 1:
        try:
            with conn.transaction():
                conn.execute(sql_file.text, prepare=False)
            return
        except psycopg.Error as exc:
            if conn.closed:  # nothing to re-run on: name the file where its statements start
                raise MigrationFailed(
                    describe(sql_file, sql_file.statements[0], exc, settings)
                ) from exc
            # rolled back to the savepoint: run it again, statement by statement
    for stmt in sql_file.statements:
        try:
            if skip_non_transactional:
                try:
                    with conn.transaction():
                        conn.execute(stmt.text, prepare=False)
                except pgerrors.ActiveSqlTransaction:
                    continue
            else:
                conn.execute(stmt.text, prepare=False)
        except psycopg.Error as exc:
            raise MigrationFailed(describe(sql_file, stmt, exc, settings)) from exc


def run_engine_statement(conn: psycopg.Connection, name: str, text: str) -> None:
    """Run one statement mashdb composed itself (removing a repeatable's objects, creating an
    extension first); a failure names the file it acts for and the statement."""
    try:
        conn.execute(text, prepare=False)
    except psycopg.Error as exc:
        message = exc.diag.message_primary or str(exc).strip().splitlines()[0]
        text_ = f"{name}: {text}: {message} (SQLSTATE {exc.sqlstate or '08006'})"
        hint = _privilege_hint(exc) or exc.diag.message_hint
        raise MigrationFailed(text_ + (f"\n  hint: {hint}" if hint else "")) from exc


def _privilege_hint(exc: psycopg.Error) -> str | None:
    """What to do about a refused privilege (42501), in the terms of a Supabase project."""
    if exc.sqlstate != "42501":
        return None
    message = exc.diag.message_primary or ""
    if message.startswith("permission denied to create extension"):
        return (
            "the role may not create this extension: enable it first (on Supabase: Dashboard "
            "→ Database → Extensions, which installs it in schema extensions), or run this "
            "migration as a privileged role"
        )
    if message.startswith("must be owner of"):
        return (
            "only the object's owner (or a superuser) may do this: run this step as the owner, "
            "or leave objects the platform owns out of the migration"
        )
    return None


def describe(
    sql_file: SqlFile, stmt: Statement, exc: psycopg.Error, settings: dict[str, str]
) -> str:
    """One clear message: file:line, SQLSTATE, the server's message, detail and hint."""
    diag = exc.diag
    line = stmt.line
    if diag.statement_position:
        line += stmt.text.count("\n", 0, int(diag.statement_position) - 1)
    sqlstate = exc.sqlstate or "08006"
    message = diag.message_primary or str(exc).strip().splitlines()[0]
    text = f"{sql_file.name}:{line}: {message} (SQLSTATE {sqlstate})"
    if diag.message_detail:
        text += f"\n  detail: {diag.message_detail}"
    hint = _privilege_hint(exc) or diag.message_hint
    if isinstance(exc, pgerrors.LockNotAvailable):
        hint = (
            f"another session held a conflicting lock for longer than lock_timeout="
            f"{settings.get('lock_timeout')}; retry when it ends, or raise --lock-timeout"
        )
    elif isinstance(exc, pgerrors.QueryCanceled):
        hint = (
            f"the statement ran longer than statement_timeout={settings.get('statement_timeout')}"
            "; raise --statement-timeout if that is expected"
        )
    elif exc.sqlstate is None or sqlstate.startswith("08") or sqlstate.startswith("57P"):
        hint = "the connection to the server was lost; the step's transaction was not committed"
    if hint:
        text += f"\n  hint: {hint}"
    return text
