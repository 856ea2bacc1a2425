"""The migrating session: its settings (Options), its progress callbacks (Listener), and the
connection that holds the migration lock (locked_session), with mashdb's bookkeeping
created or upgraded on demand. Every command that writes bookkeeping (migrate, rollback,
reapply, repair, baseline) works in one."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import psycopg

from toolkit import locking, pooler, queries, supabase_history, yoyo_compat
from toolkit.db import Target, connect, database_error
from toolkit.errors import MigrationFailed, UsageError
from toolkit.plan import Step
from toolkit.project import Project
from toolkit.results import Options, StepResult
from toolkit.state import DbState


@dataclass
class Listener:
    """Progress callbacks; the library never prints, the CLI passes these."""

    waiting: Callable[[int | None], None] = lambda pid: None
    started: Callable[[Step], None] = lambda step: None
    finished: Callable[[StepResult], None] = lambda result: None


@dataclass(frozen=True)
class Session:
    """The migrating connection (holding the lock) and its settings; every command that
    writes bookkeeping (migrate, rollback, repair, baseline) works in one."""

    conn: psycopg.Connection
    settings: dict[str, str]
    waited: float
    # per migration file: extensions created in schema `extensions` before it runs
    extensions_first: dict[str, list[str]] = field(default_factory=dict)
    supabase_history: bool = False  # keep Supabase's history in step (see _with_history)


def with_history(session: Session, state: DbState, project: Project, options: Options) -> Session:
    """`session` writing Supabase's history when the target has one and it is enabled."""
    enabled = supabase_history.enabled(state, project, options.supabase_history)
    return dataclasses.replace(session, supabase_history=enabled)


@contextmanager
def locked_session(
    target: Target, options: Options, listener: Listener, *, create: bool = True
) -> Iterator[Session]:
    """A connection to `target` holding the migration lock, with `options`' settings;
    with `create`, mashdb's bookkeeping exists before it is yielded."""
    conn = connect(target.url)
    try:
        pooler.require_session(conn, lambda: connect(target.url), target.display)
        for name, value in options.settings().items():
            try:
                conn.execute("select set_config(%s, %s, false)", (name, value))
            except psycopg.errors.InvalidParameterValue as exc:
                raise UsageError(f"invalid --{name.replace('_', '-')} {value!r}: {exc}") from exc
        if conn.info.server_version >= 140000:
            # A SIGKILLed client's backend would otherwise run its current statement to the
            # end (minutes, for a big index) while holding the migration lock and the
            # statement's table locks; with this the server notices the closed socket and
            # rolls the step back within a second.
            conn.execute("select set_config('client_connection_check_interval', '1s', false)")
        conn.execute(queries.load("session_search_path"))
        waited = locking.acquire(conn, wait_timeout=options.wait_timeout, on_wait=listener.waiting)
        if create:
            ensure_bookkeeping(conn)
        yield Session(conn, options.settings(), waited)
    except psycopg.Error as exc:
        # errors outside a migration file (run_file converts its own): bookkeeping, COMMIT,
        # a server shut down between statements
        raise database_error(exc, target.url, "the migration session") from exc
    finally:
        conn.close()


def ensure_bookkeeping(conn: psycopg.Connection) -> None:
    """Create (or upgrade) mashdb's bookkeeping tables, or say in one line why not."""
    try:
        with conn.transaction():
            yoyo_compat.ensure_tables(conn)
    except psycopg.Error as exc:
        raise MigrationFailed(
            f"cannot create mashdb's bookkeeping schema: {exc.diag.message_primary or exc} "
            f"(SQLSTATE {exc.sqlstate})"
        ) from exc
