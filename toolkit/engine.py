"""migrate, rollback and repair: planning, the lock, one transaction per step.

Every step — the bootstrap, one versioned migration, one repeatable — runs in its own
transaction together with its bookkeeping rows, so the database is always at a step
boundary, whatever happens to the process or the server. Migrations marked
`-- transactional: false` are the documented exception (docs/reliability.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from types import SimpleNamespace

import psycopg
from psycopg.types.json import Jsonb

from toolkit import dataloss, locking, queries
from toolkit.backend import BookkeepingBackend
from toolkit.dataloss import Loss
from toolkit.db import Target, connect, database_error
from toolkit.errors import DataLossRefused, DriftError, MigrationFailed, UsageError
from toolkit.migrations import Migration, find_version
from toolkit.project import Project
from toolkit.repeatables import DefinedObject, Repeatable
from toolkit.runner import run_file
from toolkit.state import BOOTSTRAP_KEY, AppliedRepeatable, DbState, read_state
from toolkit.status import ProjectFiles, load_files


@dataclass(frozen=True)
class Options:
    """Session settings for migrate and rollback."""

    lock_timeout: str = "5s"
    statement_timeout: str = "15min"
    wait_timeout: float = 300.0

    def settings(self) -> dict[str, str]:
        return {"lock_timeout": self.lock_timeout, "statement_timeout": self.statement_timeout}


@dataclass(frozen=True)
class Step:
    """One planned unit of work."""

    action: str  # apply | reapply | rollback | remove | bootstrap
    kind: str  # bootstrap | migration | function | policy
    name: str


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
    losses: tuple[Loss, ...] = ()


@dataclass
class Listener:
    """Progress callbacks; the library never prints, the CLI passes these."""

    waiting: Callable[[int | None], None] = lambda pid: None
    started: Callable[[Step], None] = lambda step: None
    finished: Callable[[StepResult], None] = lambda result: None


@dataclass
class _Plan:
    steps: list[tuple[Step, Callable[[], None]]] = field(default_factory=list)

    def add(self, step: Step, run: Callable[[], None]) -> None:
        self.steps.append((step, run))


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
) -> RunResult:
    """Apply the bootstrap (where needed), pending migrations up to `to`, then repeatables."""
    options = options or Options()
    listener = listener or Listener()
    files = load_files(project)
    stop_at = find_version(files.migrations, to) if to else None
    if dry_run:
        with connect(target.url) as conn:
            conn.execute("set default_transaction_read_only = on")
            state = read_state(conn)
            plan = _plan_migrate(conn, None, files, state, stop_at, options)
        return _result(target, True, state, plan, files, stop_at)
    with _locked_session(target, options, listener) as (conn, backend, waited):
        state = read_state(conn)
        plan = _plan_migrate(conn, backend, files, state, stop_at, options)
        done = _execute(plan, listener)
        after = read_state(conn)
    return RunResult(target.display, False, _current(state), _current(after), done, waited)


def rollback(
    target: Target,
    project: Project,
    *,
    steps: int | None = None,
    to: str | None = None,
    everything: bool = False,
    confirm: Callable[[list[Loss]], bool] | None = None,
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
    with _locked_session(target, options, listener, create=not dry_run) as (conn, backend, waited):
        state = read_state(conn)
        _check_drift(files, state)
        chosen = _choose_rollback(files, state, steps, to, everything)
        plan = _plan_rollback(conn, backend, files, state, chosen, options)
        losses = _measure_losses(conn, plan, chosen)
        if dry_run:
            return RunResult(
                target.display,
                True,
                _current(state),
                _current_after(state, chosen),
                tuple(StepResult(s, 0.0) for s, _ in plan.steps),
                waited,
                tuple(losses),
            )
        if losses and not (confirm is not None and confirm(losses)):
            listing = "\n".join(f"  - {loss.label}" for loss in losses)
            raise DataLossRefused(
                f"rollback refused: it would drop data\n{listing}\n"
                "nothing was changed; re-run with --yes to confirm"
            )
        done = _execute(plan, listener)
        after = read_state(conn)
    return RunResult(
        target.display, False, _current(state), _current(after), done, waited, tuple(losses)
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
    with _locked_session(target, options, listener or Listener()) as (conn, _, _w):
        state = read_state(conn)
        repaired = []
        with conn.transaction():
            for m in files.migrations:
                applied = state.migrations.get(m.id)
                if applied is not None and applied.checksum != m.checksum:
                    conn.execute(
                        queries.load("upsert_checksum"), {"id": m.id, "checksum": m.checksum}
                    )
                    repaired.append(m.id)
    return tuple(repaired)


# ---------------------------------------------------------------------------------------
# sessions


@contextmanager
def _locked_session(
    target: Target, options: Options, listener: Listener, *, create: bool = True
) -> Iterator[tuple[psycopg.Connection, BookkeepingBackend, float]]:
    conn = connect(target.url)
    try:
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
        waited = locking.acquire(conn, wait_timeout=options.wait_timeout, on_wait=listener.waiting)
        backend = BookkeepingBackend(conn)
        try:
            if create:
                backend.ensure_schema()
        except psycopg.Error as exc:
            raise MigrationFailed(
                f"cannot create mashdb's bookkeeping schema: {exc.diag.message_primary or exc} "
                f"(SQLSTATE {exc.sqlstate})"
            ) from exc
        yield conn, backend, waited
    except psycopg.Error as exc:
        # errors outside a migration file (run_file converts its own): bookkeeping, COMMIT,
        # a server shut down between statements
        raise database_error(exc, target.url, "the migration session") from exc
    finally:
        conn.close()


def _result(
    target: Target,
    dry_run: bool,
    state: DbState,
    plan: _Plan,
    files: ProjectFiles,
    stop_at: Migration | None,
) -> RunResult:
    applied = [m.id for m in files.migrations if m.id in state.migrations]
    applied += [s.name for s, _ in plan.steps if s.kind == "migration"]
    return RunResult(
        target.display,
        dry_run,
        _current(state),
        max(applied) if applied else None,
        tuple(StepResult(s, 0.0) for s, _ in plan.steps),
    )


def _current(state: DbState) -> str | None:
    return max(state.migrations) if state.migrations else None


def _current_after(state: DbState, chosen: list[Migration]) -> str | None:
    left = set(state.migrations) - {m.id for m in chosen}
    return max(left) if left else None


def _execute(plan: _Plan, listener: Listener) -> tuple[StepResult, ...]:
    done = []
    for step, run in plan.steps:
        listener.started(step)
        start = time.perf_counter()
        run()
        result = StepResult(step, time.perf_counter() - start)
        listener.finished(result)
        done.append(result)
    return tuple(done)


# ---------------------------------------------------------------------------------------
# planning


def _check_drift(files: ProjectFiles, state: DbState) -> None:
    problems = []
    on_disk = {m.id: m for m in files.migrations}
    for mid, applied in sorted(state.migrations.items()):
        m = on_disk.get(mid)
        if m is None:
            problems.append(
                f"  - {mid} is applied but its file is missing from sql/migrations "
                "(applied from another branch?)"
            )
        elif applied.checksum is not None and applied.checksum != m.checksum:
            problems.append(
                f"  - {m.apply.name} was edited after it was applied\n"
                f"      applied checksum {applied.checksum}\n"
                f"      file checksum    {m.checksum}"
            )
    if problems:
        raise DriftError(
            "applied migrations differ from the files:\n"
            + "\n".join(problems)
            + "\nnothing was changed; revert the edit and write a new migration, or run "
            "'mashdb repair' to accept the file as applied"
        )


def _plan_migrate(
    conn: psycopg.Connection,
    backend: BookkeepingBackend | None,
    files: ProjectFiles,
    state: DbState,
    stop_at: Migration | None,
    options: Options,
) -> _Plan:
    _check_drift(files, state)
    plan = _Plan()
    settings = options.settings()
    boot = state.bootstrap
    if files.bootstrap and (
        (boot is None and not state.has_auth_uid)
        or (boot is not None and boot.checksum != files.bootstrap_checksum)
    ):
        plan.add(
            Step("bootstrap", "bootstrap", "sql/bootstrap"),
            lambda: _apply_bootstrap(conn, files, settings),
        )

    pending = [m for m in files.migrations if m.id not in state.migrations]
    if stop_at is not None:
        if stop_at.id in state.migrations and any(
            m.number > stop_at.number for m in files.migrations if m.id in state.migrations
        ):
            raise UsageError(
                f"{stop_at.id} is below the current version; use 'mashdb rollback --to "
                f"{stop_at.id}' to go down"
            )
        pending = [m for m in pending if m.number <= stop_at.number]
    applied_after = set(state.migrations) | {m.id for m in pending}

    current = {r.key: r for r in files.repeatables}
    for key, rec in sorted(state.repeatables.items(), reverse=True):
        if rec.kind == "bootstrap":
            continue
        rep = current.get(key)
        if rep is None or (rep.requires and rep.requires not in applied_after):
            plan.add(Step("remove", rec.kind, key), lambda rec=rec: _remove_repeatable(conn, rec))

    for m in pending:
        plan.add(
            Step("apply", "migration", m.id),
            lambda m=m: _apply_migration(conn, backend, m, settings),
        )

    for rep in files.repeatables:
        if rep.requires and rep.requires not in applied_after:
            continue
        rec = state.repeatables.get(rep.key)
        if rec is None:
            plan.add(
                Step("apply", rep.kind, rep.key),
                lambda rep=rep: _apply_repeatable(conn, rep, None, settings),
            )
        elif rec.checksum != rep.checksum:
            plan.add(
                Step("reapply", rep.kind, rep.key),
                lambda rep=rep, rec=rec: _apply_repeatable(conn, rep, rec, settings),
            )
    return plan


def _choose_rollback(
    files: ProjectFiles, state: DbState, steps: int | None, to: str | None, everything: bool
) -> list[Migration]:
    applied = [m for m in files.migrations if m.id in state.migrations]
    if everything:
        return list(reversed(applied))
    if to is not None:
        keep = find_version(files.migrations, to)
        if keep.id not in state.migrations:
            raise UsageError(f"{keep.id} is not applied; 'rollback --to' keeps an applied version")
        return [m for m in reversed(applied) if m.number > keep.number]
    count = steps or 1
    if count > len(applied):
        raise UsageError(f"--steps {count}: only {len(applied)} migration(s) are applied")
    return list(reversed(applied))[:count]


def _plan_rollback(
    conn: psycopg.Connection,
    backend: BookkeepingBackend,
    files: ProjectFiles,
    state: DbState,
    chosen: list[Migration],
    options: Options,
) -> _Plan:
    plan = _Plan()
    settings = options.settings()
    order = {r.key: i for i, r in enumerate(files.repeatables)}
    for m in chosen:
        dependents = sorted(
            (rec for rec in state.repeatables.values() if rec.requires == m.id),
            key=lambda rec: order.get(rec.key, -1),
            reverse=True,
        )
        plan.add(
            Step("rollback", "migration", m.id),
            partial(_rollback_migration, conn, backend, m, dependents, settings),
        )
    return plan


def _measure_losses(conn: psycopg.Connection, plan: _Plan, chosen: list[Migration]) -> list[Loss]:
    found: list[Loss] = []
    try:
        with conn.transaction():
            for (_step, run), m in zip(plan.steps, chosen, strict=True):
                found += dataloss.losses_of(conn, m.id, partial(run, _nested=True))
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


def _apply_migration(
    conn: psycopg.Connection,
    backend: BookkeepingBackend | None,
    m: Migration,
    settings: dict[str, str],
) -> None:
    assert backend is not None
    record = SimpleNamespace(id=m.id, hash=m.yoyo_hash)
    if m.transactional:
        with conn.transaction():
            run_file(conn, m.apply, settings=settings)
            _mark(conn, backend, record, m)
        return
    run_file(conn, m.apply, settings=settings)
    with conn.transaction():
        _mark(conn, backend, record, m)


def _mark(
    conn: psycopg.Connection, backend: BookkeepingBackend, record: object, m: Migration
) -> None:
    backend.log_migration(record, "apply")
    backend.mark_one(record, log=False)
    conn.execute(queries.load("upsert_checksum"), {"id": m.id, "checksum": m.checksum})


def _rollback_migration(
    conn: psycopg.Connection,
    backend: BookkeepingBackend,
    m: Migration,
    dependents: list[AppliedRepeatable],
    settings: dict[str, str],
    _nested: bool = False,
) -> None:
    record = SimpleNamespace(id=m.id, hash=m.yoyo_hash)
    if not m.transactional and not _nested:
        for rec in dependents:
            _remove_repeatable(conn, rec)
        run_file(conn, m.rollback, settings=settings)
        with conn.transaction():
            _unmark(conn, backend, record, m)
        return
    with conn.transaction():
        for rec in dependents:
            _remove_repeatable(conn, rec)
        run_file(conn, m.rollback, settings=settings, skip_non_transactional=not m.transactional)
        _unmark(conn, backend, record, m)


def _unmark(
    conn: psycopg.Connection, backend: BookkeepingBackend, record: object, m: Migration
) -> None:
    backend.log_migration(record, "rollback")
    backend.unmark_one(record, log=False)
    conn.execute("delete from mashdb.migration_checksums where migration_id = %s", (m.id,))


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
            stale = {DefinedObject(*o) for o in previous.objects} - set(rep.objects)
            for obj in sorted(stale, key=lambda o: o.kind != "trigger"):
                conn.execute(obj.drop_sql())
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
        for obj in sorted(objects, key=lambda o: o.kind != "trigger"):
            if obj.kind == "policies":
                _drop_policies(conn, obj.name)
            elif obj.kind == "trigger":
                if conn.execute("select to_regclass(%s)", (obj.table,)).fetchone()[0]:
                    conn.execute(obj.drop_sql())
            else:
                conn.execute(obj.drop_sql())
        conn.execute("delete from mashdb.repeatables where key = %s", (rec.key,))


def _drop_policies(conn: psycopg.Connection, table: str) -> None:
    if not conn.execute("select to_regclass(%s)", (table,)).fetchone()[0]:
        return
    for (stmt,) in conn.execute(queries.load("drop_policies"), {"table": table}).fetchall():
        conn.execute(stmt)
