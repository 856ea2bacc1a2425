"""migrate, rollback and repair: the lock, one transaction per step, the bookkeeping.

Plans come from toolkit/plan.py (which never connects); this module executes them.

Every step — the bootstrap, one versioned migration, one repeatable — runs in its own
transaction together with its bookkeeping rows, so the database is always at a step
boundary, whatever happens to the process or the server. Migrations marked
`-- transactional: false` are the documented exception (docs/reliability.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

import psycopg

from toolkit import (
    dataloss,
    gitbase,
    preflight,
    queries,
    supabase_history,
)
from toolkit.dataloss import Drop
from toolkit.db import Target, connect
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
from toolkit.results import RunResult
from toolkit.session import (
    Listener,
    Options,
    Session,
    StepResult,
    ensure_bookkeeping,
    locked_session,
    with_history,
)
from toolkit.sqlfile import SqlFile, parse_text
from toolkit.state import DbState, read_state
from toolkit.steps import run_step

if TYPE_CHECKING:
    from toolkit.rls_preflight import Preflight


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
        state = read_state(session.conn)
        supabase_history.refuse_unadopted(session.conn, files.migrations, state)
        session = with_history(session, state, project, options)
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
        session = with_history(session, state, project, options)
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
        run_step(session, files, planned)
        result = StepResult(planned.step, time.perf_counter() - start)
        listener.finished(result)
        done.append(result)
    return tuple(done)


def _measure_drops(session: Session, files: ProjectFiles, plan: tuple[Planned, ...]) -> list[Drop]:
    found: list[Drop] = []
    try:
        with session.conn.transaction():
            for planned in plan:
                run = partial(run_step, session, files, planned, nested=True)
                found += dataloss.drops_of(session.conn, planned.step.name, run)
            raise _DryRunDone
    except _DryRunDone:
        pass
    return found


class _DryRunDone(Exception):
    """Raised to roll back the data-loss measurement transaction."""
