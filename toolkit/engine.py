"""migrate, rollback and repair: the lock, one transaction per step, the bookkeeping.

Plans come from toolkit/plan.py (which never connects); this module executes them.

Every step — the bootstrap, one versioned migration, one repeatable — runs in its own
transaction together with its bookkeeping rows, so the database is always at a step
boundary, whatever happens to the process or the server. Migrations marked
`-- transactional: false` are the documented exception (docs/reliability.md).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from typing import TYPE_CHECKING

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from toolkit import (
    bookkeeping,
    dataloss,
    gitbase,
    locking,
    pooler,
    preflight,
    queries,
    removal,
    supabase_history,
    yoyo_compat,
)
from toolkit.dataloss import Drop
from toolkit.db import Target, connect, database_error
from toolkit.errors import (
    DataLossRefused,
    MigrationFailed,
    PrivilegeRefused,
    ReapplyRefused,
    UsageError,
)
from toolkit.files import ProjectFiles, load_files
from toolkit.migrations import Migration, find_version
from toolkit.plan import (
    Planned,
    Step,
    check_drift,
    choose_reapply,
    choose_rollback,
    edited,
    plan_migrate,
    plan_rollback,
    version_after,
    without,
)
from toolkit.project import Project
from toolkit.repeatables import DefinedObject, Repeatable
from toolkit.runner import run_engine_statement, run_file
from toolkit.sqlfile import SqlFile, parse_text
from toolkit.state import BOOTSTRAP_KEY, AppliedRepeatable, DbState, read_state

if TYPE_CHECKING:
    from toolkit.rls_preflight import Preflight


@dataclass(frozen=True)
class Options:
    """Session settings for migrate and rollback."""

    lock_timeout: str = "5s"
    statement_timeout: str = "15min"
    wait_timeout: float = 300.0
    supabase_history: bool | None = None  # write Supabase's history; None: as mashdb.toml says

    def settings(self) -> dict[str, str]:
        return {"lock_timeout": self.lock_timeout, "statement_timeout": self.statement_timeout}


@dataclass(frozen=True)
class StepResult:
    step: Step
    seconds: float


@dataclass(frozen=True)
class RunResult:
    """What migrate or rollback did (or, with dry_run, would do)."""

    target: str
    dry_run: bool
    before: str | None
    after: str | None
    steps: tuple[StepResult, ...]
    waited_seconds: float = 0.0
    losses: tuple[Drop, ...] = ()  # what a rollback drops that holds rows (the guard's list)
    drops: tuple[Drop, ...] = ()  # everything a rollback drops, empty or not
    notes: tuple[str, ...] = ()  # what the user should know about how it was done
    preflight: Preflight | None = None  # the RLS pre-flight of what was to run (None: nothing)


@dataclass
class Listener:
    """Progress callbacks; the library never prints, the CLI passes these."""

    waiting: Callable[[int | None], None] = lambda pid: None
    started: Callable[[Step], None] = lambda step: None
    finished: Callable[[StepResult], None] = lambda result: None


# ---------------------------------------------------------------------------------------
# public API


def migrate(
    target: Target,
    project: Project,
    *,
    to: str | None = None,
    dry_run: bool = False,
    options: Options | None = None,
    listener: Listener | None = None,
    allow: Sequence[str] = (),
    skip_preflight: bool = False,
) -> RunResult:
    """Apply the bootstrap (where needed), pending migrations up to `to`, then repeatables.

    Before anything runs, the SQL about to run passes the RLS pre-flight
    (`toolkit.rls_preflight`): an RLS rule that is an error refuses, unless `allow` names it
    or `skip_preflight`; what was let through is in the result's `preflight`."""
    options = options or Options()
    listener = listener or Listener()
    files = load_files(project)
    stop_at = find_version(files.migrations, to) if to else None
    if dry_run:
        with connect(target.url) as conn:
            conn.execute("set default_transaction_read_only = on")
            conn.execute(queries.load("session_search_path"))
            state = read_state(conn)
            supabase_history.refuse_unadopted(conn, files.migrations, state)
            plan = plan_migrate(files, state, stop_at, _where(project, files, state))
            checked = _rls_preflight(project, files, plan, allow, skip_preflight)
            _preflight(conn, files, plan)
        return RunResult(
            target.display,
            True,
            state.current,
            version_after(state, plan),
            _unrun(plan),
            preflight=checked,
        )
    # the bookkeeping schema is created only once the pre-flights have passed, so a refused
    # migrate leaves an empty database empty
    with locked_session(target, options, listener, create=False) as session:
        supabase_history.refuse_unadopted(session.conn, files.migrations, read_state(session.conn))
        state = read_state(session.conn)
        session = _with_history(session, state, project, options)
        plan = plan_migrate(files, state, stop_at, _where(project, files, state))
        checked = _rls_preflight(project, files, plan, allow, skip_preflight)
        session.extensions_first.update(_preflight(session.conn, files, plan))
        ensure_bookkeeping(session.conn)
        done = _execute(session, files, plan, listener)
        after = read_state(session.conn)
    return RunResult(
        target.display,
        False,
        state.current,
        after.current,
        done,
        session.waited,
        preflight=checked,
    )


def rollback(
    target: Target,
    project: Project,
    *,
    steps: int | None = None,
    to: str | None = None,
    everything: bool = False,
    confirm: Callable[[list[Drop]], bool] | None = None,
    dry_run: bool = False,
    options: Options | None = None,
    listener: Listener | None = None,
) -> RunResult:
    """Roll back the last `steps` migrations (default 1), everything after `to`, or all.

    Repeatables that require a migration being rolled back are removed first, in the same
    transaction. If the rollback would drop tables or columns holding rows, `confirm` is
    asked with the list; without it (or when it says no) nothing is changed.
    """
    if sum(x is not None and x is not False for x in (steps, to, everything or None)) > 1:
        raise UsageError("give one of --steps, --to or --all")
    if steps is not None and steps < 1:
        raise UsageError("--steps must be at least 1")
    options = options or Options()
    listener = listener or Listener()
    files = load_files(project)
    # a dry run creates nothing (not even the bookkeeping schema on an empty database); its
    # data-loss measurement runs the rollback in a transaction that is always rolled back
    with locked_session(target, options, listener, create=not dry_run) as session:
        state = read_state(session.conn)
        chosen = choose_rollback(files, state, steps, to, everything)
        where = _where(project, files, state)
        changed = {m.id for m in edited(files, state)}
        local = [m for m in chosen if m.id in changed and where and where.is_local(m.id)]
        check_drift(files, state, where, handled=frozenset(m.id for m in local))
        session = _with_history(session, state, project, options)
        chosen, notes = _as_applied(session, chosen, local)
        plan = plan_rollback(files, state, chosen)
        _preflight(session.conn, files, plan)
        drops = _measure_drops(session, files, plan)
        losses = [d for d in drops if d.rows]
        if dry_run:
            return RunResult(
                target.display,
                True,
                state.current,
                version_after(state, plan),
                _unrun(plan),
                session.waited,
                tuple(losses),
                tuple(drops),
                notes,
            )
        _confirm_losses(losses, confirm, "rollback refused: it would drop data")
        done = _execute(session, files, plan, listener)
        after = read_state(session.conn)
    return RunResult(
        target.display,
        False,
        state.current,
        after.current,
        done,
        session.waited,
        tuple(losses),
        tuple(drops),
        notes,
    )


def reapply(
    target: Target,
    project: Project,
    version: str | None = None,
    *,
    base: str | None = None,
    confirm: Callable[[list[Drop]], bool] | None = None,
    dry_run: bool = False,
    options: Options | None = None,
    listener: Listener | None = None,
    allow: Sequence[str] = (),
    skip_preflight: bool = False,
) -> RunResult:
    """Roll back an applied migration that exists only on this branch (and every applied
    migration after it) with the rollback text recorded when it was applied, then apply
    the files as they are now, and the repeatables that need them.

    `version` defaults to the first applied migration edited since it was applied, else
    the last applied one. A migration whose file exists on `base` (default origin/main,
    else main) is merged and immutable: refused. Where every migration involved is
    transactional, the whole reapply is one transaction: it happens entirely or not at
    all. Rows the rollback would drop need `confirm`, as with `rollback`. What is applied
    again passes the RLS pre-flight first, as with `migrate`.
    """
    options = options or Options()
    listener = listener or Listener()
    files = load_files(project)
    with locked_session(target, options, listener, create=not dry_run) as session:
        state = read_state(session.conn)
        chosen = choose_reapply(files, state, version)
        merged = gitbase.resolve(project.root, base)
        changed = {m.id for m in edited(files, state)}
        for m in chosen:
            if (m is chosen[0] or m.id in changed) and merged.has(m.apply.name):
                raise ReapplyRefused(
                    f"{m.apply.name} exists on {merged.ref}: a merged migration is "
                    "immutable; write a new migration ('mashdb new NAME') for the change"
                )
        check_drift(files, state, handled=frozenset(m.id for m in chosen))
        undo, notes = _as_applied(session, chosen[::-1], chosen)
        plan = plan_rollback(files, state, undo)
        drops = _measure_drops(session, files, plan)
        losses = [d for d in drops if d.rows]
        redo = plan_migrate(files, without(state, chosen), chosen[-1])
        checked = _rls_preflight(project, files, redo, allow, skip_preflight)
        _preflight(session.conn, files, plan)
        session.extensions_first.update(_preflight(session.conn, files, redo))
        atomic = all(m.transactional for m in (*chosen, *undo))
        if not atomic:
            notes += (
                "not one transaction: a migration involved is '-- transactional: false', so "
                "each step commits on its own",
            )
        if dry_run:
            return RunResult(
                target.display,
                True,
                state.current,
                state.current,
                _unrun(plan + redo),
                session.waited,
                tuple(losses),
                tuple(drops),
                notes,
                checked,
            )
        _confirm_losses(losses, confirm, "reapply refused: its rollback would drop data")
        if atomic:
            with session.conn.transaction():
                done = _execute(session, files, plan + redo, listener)
        else:
            done = _execute(session, files, plan + redo, listener)
        after = read_state(session.conn)
    return RunResult(
        target.display,
        False,
        state.current,
        after.current,
        done,
        session.waited,
        tuple(losses),
        tuple(drops),
        notes,
        checked,
    )


def repair(
    target: Target,
    project: Project,
    *,
    options: Options | None = None,
    listener: Listener | None = None,
) -> tuple[str, ...]:
    """Accept edited applied migrations: record their current checksums (after review)."""
    options = options or Options()
    files = load_files(project)
    with locked_session(target, options, listener or Listener()) as session:
        conn = session.conn
        state = read_state(conn)
        repaired = []
        with conn.transaction():
            for m in files.migrations:
                applied = state.migrations.get(m.id)
                if applied is not None and applied.checksum != m.checksum:
                    conn.execute(
                        queries.load("upsert_checksum"),
                        {
                            "id": m.id,
                            "checksum": m.checksum,
                            "applied_by": applied.applied_by,
                            "source_version": applied.source_version,
                            "rollback_sql": None,
                        },
                    )
                    repaired.append(m.id)
    return tuple(repaired)


# ---------------------------------------------------------------------------------------
# sessions


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


def _with_history(session: Session, state: DbState, project: Project, options: Options) -> Session:
    enabled = supabase_history.enabled(state, project, options.supabase_history)
    return dataclasses.replace(session, supabase_history=enabled)


@contextmanager
def locked_session(
    target: Target, options: Options, listener: Listener, *, create: bool = True
) -> Iterator[Session]:
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


def _preflight(
    conn: psycopg.Connection, files: ProjectFiles, plan: tuple[Planned, ...]
) -> dict[str, list[str]]:
    """Refuse the plan, before any step runs, if the role lacks a privilege it needs
    (creating mashdb's bookkeeping schema included); return the extensions to create in
    schema `extensions` first, per migration file (toolkit/preflight.py)."""
    database, may_create = conn.execute(queries.load("bookkeeping_privilege")).fetchone()
    if not may_create:
        raise MigrationFailed(
            f"cannot create mashdb's bookkeeping schema: permission denied for database "
            f"{database} (SQLSTATE 42501)\n  hint: the first migrate creates schema mashdb; "
            f"grant create on database {database} to the migrating role, or migrate as its owner"
        )
    report = preflight.check(conn, preflight.plan_statements(conn, files, plan))
    if report.refusals:
        lines = [r.line for r in report.refusals]
        raise PrivilegeRefused("\n".join(lines) + "\nnothing was changed")
    return report.extensions_first


def _confirm_losses(
    losses: list[Drop], confirm: Callable[[list[Drop]], bool] | None, refusal: str
) -> None:
    """Raise DataLossRefused (`refusal` and the list) unless there are no losses or
    `confirm` accepts them."""
    if losses and not (confirm is not None and confirm(losses)):
        listing = "\n".join(f"  - {loss.label}" for loss in losses)
        raise DataLossRefused(
            f"{refusal}\n{listing}\nnothing was changed; re-run with --yes to confirm"
        )


def _rls_preflight(
    project: Project,
    files: ProjectFiles,
    plan: tuple[Planned, ...],
    allow: Sequence[str],
    skip: bool,
) -> Preflight | None:
    """Run the RLS pre-flight on the files `plan` runs; None when it runs nothing (then
    the linter is not even imported)."""
    if not plan:
        return None
    from toolkit import rls_preflight

    about_to_run: list[SqlFile] = []
    for planned in plan:
        if planned.step.kind == "bootstrap":
            about_to_run += files.bootstrap
        elif planned.step.action == "apply" and planned.migration is not None:
            about_to_run.append(planned.migration.apply)
        elif planned.repeatable is not None:
            about_to_run.append(planned.repeatable.file)
    every = [
        *files.bootstrap,
        *(m.apply for m in files.migrations),
        *(r.file for r in files.repeatables),
    ]
    return rls_preflight.check(project, every, about_to_run, allow=allow, skip=skip)


def _where(project: Project, files: ProjectFiles, state: DbState) -> gitbase.Locality | None:
    """Which edited migrations exist only on this branch (git is asked only when an
    applied migration was edited)."""
    changed = edited(files, state)
    if not changed:
        return None
    return gitbase.locality(project.root, {m.id: m.apply.name for m in changed})


def _as_applied(
    session: Session, chosen: list[Migration], recorded_for: list[Migration]
) -> tuple[list[Migration], tuple[str, ...]]:
    """`chosen` with, for the `recorded_for` ones, the rollback text recorded when they
    were applied in place of the file's; a note for each that has none recorded (applied
    before mashdb recorded rollbacks), which keeps its rollback file as it is now."""
    ids = {m.id for m in recorded_for}
    if not ids:
        return chosen, ()
    rows = session.conn.execute(queries.load("recorded_rollbacks"), {"ids": sorted(ids)})
    recorded = dict(rows.fetchall())
    result, notes = [], []
    for m in chosen:
        text = recorded.get(m.id) if m.id in ids else None
        if text is not None:
            shown = f"{m.rollback.name} (as recorded when {m.id} was applied)"
            m = replace(m, rollback=parse_text(m.rollback.path, text, shown).checked())
        elif m.id in ids:
            notes.append(
                f"{m.id}: no rollback was recorded when it was applied (before mashdb recorded "
                f"them); rolled back with {m.rollback.name} as it is now"
            )
        result.append(m)
    return result, tuple(notes)


def _unrun(plan: tuple[Planned, ...]) -> tuple[StepResult, ...]:
    return tuple(StepResult(p.step, 0.0) for p in plan)


def _execute(
    session: Session, files: ProjectFiles, plan: tuple[Planned, ...], listener: Listener
) -> tuple[StepResult, ...]:
    done = []
    for planned in plan:
        listener.started(planned.step)
        start = time.perf_counter()
        _run_step(session, files, planned)
        result = StepResult(planned.step, time.perf_counter() - start)
        listener.finished(result)
        done.append(result)
    return tuple(done)


def _run_step(
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


def _measure_drops(session: Session, files: ProjectFiles, plan: tuple[Planned, ...]) -> list[Drop]:
    found: list[Drop] = []
    try:
        with session.conn.transaction():
            for planned in plan:
                run = partial(_run_step, session, files, planned, nested=True)
                found += dataloss.drops_of(session.conn, planned.step.name, run)
            raise _DryRunDone
    except _DryRunDone:
        pass
    return found


class _DryRunDone(Exception):
    """Raised to roll back the data-loss measurement transaction."""


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
