"""`mashdb reset`: clear the application's schema, migrate to head, load sql/seed.sql.

Three phases, each atomic on its own (docs/local-database.md):
1. clear — one transaction under the migration lock: drops every object of the
   application schemas (default `public`) that no extension owns, forgets the applied
   migrations and repeatables in mashdb's bookkeeping (keeping the bootstrap's record) and
   deletes the rows of auth.users. Roles, the bootstrap's auth schema and functions,
   extensions, storage and every other schema stay. It commits whole or not at all.
2. migrate — `engine.migrate`, one transaction per step as always.
3. seed — sql/seed.sql in one transaction, statement by statement (file:line errors).
Everything that can be checked without writing (the project's files, the seed file, the
target being local) is checked before phase 1, so a bad file never leaves a cleared
database behind.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict

from toolkit import engine, locking, queries, security, supabase_history
from toolkit.db import Target, connect, database_error
from toolkit.errors import ConfigError, DataLossRefused, MashdbError, MigrationFailed
from toolkit.files import load_files
from toolkit.project import Project
from toolkit.runner import run_file
from toolkit.sqlfile import SqlFile, read_sql_file

SEED_FILE = "seed.sql"
APPLICATION_SCHEMAS = ("public",)
# The seed reads this setting (a date, YYYY-MM-DD) as "today": its timestamps are that
# day's UTC midnight plus fixed offsets. Unset, it is the current UTC date.
ANCHOR_SETTING = "mashdb.seed_anchor"


@dataclass(frozen=True)
class Cleared:
    """What phase 1 removed."""

    objects: int
    auth_users: int
    schemas: tuple[str, ...]


@dataclass(frozen=True)
class Seeded:
    """What phase 3 loaded."""

    file: str
    statements: int
    seconds: float
    loaded_at: datetime  # the seed transaction's now(): every default/trigger timestamp
    rows: dict[str, int]  # rows per table of the application schemas (and auth.users)


@dataclass(frozen=True)
class ResetResult:
    target: str
    cleared: Cleared
    migrated: engine.RunResult
    seeded: Seeded | None


@dataclass
class ResetListener:
    """Progress callbacks: a phase starting, the clearing and the seed done, and the
    migrate steps (the engine's listener)."""

    phase: Callable[[str], None] = lambda name: None
    cleared: Callable[[Cleared], None] = lambda cleared: None
    seeded: Callable[[Seeded], None] = lambda seeded: None
    migrate: engine.Listener = field(default_factory=engine.Listener)


def seed_path(project: Project) -> Path:
    """Where the project's seed lives: sql/seed.sql."""
    return project.sql / SEED_FILE


def local_host(target: Target, env: Mapping[str, str] | None = None) -> str | None:
    """None when `target` is on this machine (the embedded server, a Unix socket, a
    loopback address); else the host it points at. libpq's PGHOST/PGHOSTADDR count when
    the URL names no host, as they do for the connection itself."""
    if target.source == "embedded":
        return None
    env = os.environ if env is None else env
    params = conninfo_to_dict(target.url)
    hosts = str(params.get("hostaddr") or params.get("host") or "")
    if not hosts:
        hosts = env.get("PGHOSTADDR") or env.get("PGHOST") or ""
    for host in (h.strip() for h in hosts.split(",")):
        if not host or host.startswith(("/", "@")) or host.lower() == "localhost":
            continue
        try:
            if ipaddress.ip_address(host.strip("[]")).is_loopback:
                continue
        except ValueError:
            pass
        return host
    return None


def reset(
    target: Target,
    project: Project,
    *,
    remote_ok: bool = False,
    seed: bool = True,
    schemas: Sequence[str] = APPLICATION_SCHEMAS,
    anchor: date | None = None,
    options: engine.Options | None = None,
    listener: ResetListener | None = None,
) -> ResetResult:
    """Clear, migrate to head and seed the target (see the module docstring).

    Refuses (DataLossRefused, nothing touched) when the target is not local and
    `remote_ok` is false. `anchor` is the seed's "today" (default: the current UTC date).
    """
    options = options or engine.Options()
    if options.supabase_history is None:  # as mashdb.toml says, for clear() and migrate
        history = security.load(project.root).supabase_history
        options = dataclasses.replace(options, supabase_history=history)
    listener = listener or ResetListener()
    load_files(project)  # a malformed migration or repeatable fails here, before anything
    seed_file = _read_seed(project) if seed else None
    host = local_host(target)
    if host is not None and not remote_ok:
        raise DataLossRefused(
            f"refusing to reset {target.display}: host {host} is not this machine, and reset "
            f"drops every object in schema {', '.join(schemas)} and deletes every auth.users "
            "row; nothing was changed (pass --yes if you mean that database)"
        )
    listener.phase("clear")
    cleared = clear(target, schemas, options, listener.migrate.waiting)
    listener.cleared(cleared)
    listener.phase("migrate")
    try:
        migrated = engine.migrate(target, project, options=options, listener=listener.migrate)
    except MashdbError as exc:
        raise type(exc)(
            f"{exc}\n  reset: the database was cleared, then migrate stopped at the failing "
            "step (`mashdb status` shows where); fix it and run `mashdb reset` again"
        ) from exc
    seeded = None
    if seed_file is not None:
        listener.phase("seed")
        seeded = load_seed(target, seed_file, schemas, anchor, options)
        listener.seeded(seeded)
    return ResetResult(target.display, cleared, migrated, seeded)


def _read_seed(project: Project) -> SqlFile:
    path = seed_path(project)
    if not path.is_file():
        raise ConfigError(
            f"no {project.relative(path)}: write the seed there, or pass --no-seed to reset "
            "without one"
        )
    return read_sql_file(path, project.relative(path)).checked()


def clear(
    target: Target,
    schemas: Sequence[str],
    options: engine.Options,
    on_wait: Callable[[int | None], None] | None = None,
) -> Cleared:
    """Phase 1 in one transaction under the migration lock (see the module docstring)."""
    conn = connect(target.url)
    try:
        for name, value in options.settings().items():
            conn.execute("select set_config(%s, %s, false)", (name, value))
        conn.execute("set search_path = ''")
        locking.acquire(conn, wait_timeout=options.wait_timeout, on_wait=on_wait)
        with conn.transaction():
            drops = [
                r[0]
                for r in conn.execute(queries.load("reset_objects"), {"schemas": list(schemas)})
            ]
            for stmt in drops:
                conn.execute(stmt)
            if options.supabase_history is not False:
                supabase_history.forget_recorded(conn)
            conn.execute(queries.load("reset_forget"))
            users = 0
            if conn.execute("select pg_catalog.to_regclass('auth.users')").fetchone()[0]:
                users = conn.execute("delete from auth.users").rowcount
    except psycopg.Error as exc:
        hint = _CLEAR_HINTS.get(exc.sqlstate or "")
        if hint is None:
            raise database_error(exc, target.url, "reset (clearing; nothing was changed)") from exc
        raise MigrationFailed(
            f"reset could not clear {target.display}: {exc.diag.message_primary} "
            f"(SQLSTATE {exc.sqlstate}); nothing was changed\n  hint: {hint}"
        ) from exc
    finally:
        conn.close()
    return Cleared(len(drops), users, tuple(schemas))


_CLEAR_HINTS = {
    "55P03": "another session holds a lock on one of the tables (an open transaction in an "
    "application, psql or a test?); end it and run reset again, or raise --lock-timeout",
    "42501": "reset drops the objects of the application schemas, so the role must own them, "
    "and it deletes the rows of auth.users, so it needs DELETE there",
}


def load_seed(
    target: Target,
    seed_file: SqlFile,
    schemas: Sequence[str] = APPLICATION_SCHEMAS,
    anchor: date | None = None,
    options: engine.Options | None = None,
) -> Seeded:
    """Phase 3: run the seed in one transaction; on failure nothing of it is kept."""
    settings = (options or engine.Options()).settings()
    started = time.perf_counter()
    conn = connect(target.url)
    try:
        with conn.transaction():
            for name, value in settings.items():
                conn.execute("select set_config(%s, %s, true)", (name, value))
            if anchor is not None:
                conn.execute("select set_config(%s, %s, true)", (ANCHOR_SETTING, str(anchor)))
            # like migrations, the seed finds extension types in schema extensions (Supabase)
            conn.execute(queries.load("session_search_path"))
            loaded_at = conn.execute("select now()").fetchone()[0]
            try:
                run_file(conn, seed_file, settings=settings)
            except MigrationFailed as exc:
                raise MigrationFailed(
                    f"{exc}\n  the seed runs in one transaction, which was rolled back: the "
                    "database is migrated to head and holds no seed data; fix the seed and run "
                    "`mashdb reset` again (or `mashdb reset --no-seed`)"
                ) from exc
            conn.execute("reset role")
            rows = _row_counts(conn, schemas)
    except psycopg.Error as exc:
        raise database_error(exc, target.url, f"loading {seed_file.name}") from exc
    finally:
        conn.close()
    return Seeded(
        seed_file.name,
        len(seed_file.statements),
        time.perf_counter() - started,
        loaded_at,
        rows,
    )


def _row_counts(conn: psycopg.Connection, schemas: Sequence[str]) -> dict[str, int]:
    found = conn.execute(queries.load("reset_tables"), {"schemas": list(schemas)})
    tables = [r[0] for r in found]
    return {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}
