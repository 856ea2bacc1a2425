"""Planning migrate and rollback from the project's files and a database's bookkeeping.

Never connects: the engine executes a plan, status compares the same two inputs. Drift,
the current version and which migrations a rollback undoes are computed here, once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from toolkit.errors import DriftError, UsageError
from toolkit.files import ProjectFiles
from toolkit.gitbase import Locality
from toolkit.migrations import Migration, find_version
from toolkit.repeatables import Repeatable
from toolkit.state import AppliedRepeatable, DbState, current_version


@dataclass(frozen=True)
class Step:
    """One planned unit of work."""

    action: str  # apply | reapply | rollback | remove | bootstrap
    kind: str  # bootstrap | migration | function | policy
    name: str


@dataclass(frozen=True)
class Planned:
    """A step and what the engine needs to run it."""

    step: Step
    migration: Migration | None = None
    repeatable: Repeatable | None = None
    applied: AppliedRepeatable | None = None  # the record a reapply replaces or a remove drops
    dependents: tuple[AppliedRepeatable, ...] = ()  # removed before a migration's rollback


@dataclass(frozen=True)
class Drift:
    """An applied migration whose file was edited after it was applied, or is missing."""

    id: str
    applied_checksum: str | None
    file_checksum: str | None  # None: no file (applied from another branch?)
    file: str | None = None

    @property
    def missing(self) -> bool:
        return self.file_checksum is None

    def describe(self, where: Locality | None = None) -> str:
        """One entry of the drift error; `where` tells a migration edited locally (its
        file is not on the base branch) from a merged one."""
        if self.missing:
            return (
                f"  - {self.id} is applied but its file is missing from sql/migrations "
                "(applied from another branch?)"
            )
        if where is not None and where.is_local(self.id):
            return (
                f"  - {self.file} was edited locally after it was applied "
                f"(it is not on {where.base})"
            )
        merged = f", and it exists on {where.base}" if where is not None and where.base else ""
        return (
            f"  - {self.file} was edited after it was applied{merged}\n"
            f"      applied checksum {self.applied_checksum}\n"
            f"      file checksum    {self.file_checksum}"
        )


def drift(files: ProjectFiles, state: DbState) -> tuple[Drift, ...]:
    """Applied migrations that differ from the files. A migration applied before mashdb
    recorded checksums (plain yoyo) has none and is not drift; an invalid file is reported
    as invalid, not as missing."""
    on_disk = {m.id: m for m in files.migrations}
    invalid = {bad.id for bad in files.invalid}
    found = []
    for mid, applied in sorted(state.migrations.items()):
        m = on_disk.get(mid)
        if m is None:
            if mid not in invalid:
                found.append(Drift(mid, applied.checksum, None))
        elif applied.checksum is not None and applied.checksum != m.checksum:
            found.append(Drift(mid, applied.checksum, m.checksum, m.apply.name))
    return tuple(found)


def check_drift(
    files: ProjectFiles,
    state: DbState,
    where: Locality | None = None,
    *,
    handled: frozenset[str] = frozenset(),
) -> None:
    """Raise DriftError listing every drifted migration (migrate and rollback refuse),
    except the `handled` ones the caller undoes as applied. With `where`, a migration that
    exists only on this branch is "edited locally" and the advice is `reapply`."""
    problems = [d for d in drift(files, state) if d.id not in handled]
    if not problems:
        return
    local = [d for d in problems if where is not None and where.is_local(d.id)]
    advice = []
    if local:
        advice.append(
            f"run 'mashdb reapply {local[0].id}' to roll it back with the rollback recorded "
            "when it was applied and apply the edited file"
        )
    if len(local) < len(problems):
        advice.append(
            "revert the edit and write a new migration, or run 'mashdb repair' to accept the "
            "file as applied"
        )
        if where is not None and where.reason:
            advice.append(f"(whether a migration is merged is unknown: {where.reason})")
    raise DriftError(
        "applied migrations differ from the files:\n"
        + "\n".join(d.describe(where) for d in problems)
        + "\nnothing was changed; "
        + "; ".join(advice)
    )


def edited(files: ProjectFiles, state: DbState) -> tuple[Migration, ...]:
    """Applied migrations whose file was edited since they were applied."""
    ids = {d.id for d in drift(files, state) if not d.missing}
    return tuple(m for m in files.migrations if m.id in ids)


def choose_reapply(files: ProjectFiles, state: DbState, version: str | None) -> list[Migration]:
    """What `reapply` redoes, in apply order: `version` (default: the first applied
    migration edited since, else the last applied) and every applied migration after it.
    Whether the first one may be redone (it must not be on the base) is the caller's."""
    applied = [m for m in files.migrations if m.id in state.migrations]
    if not applied:
        raise UsageError("no migration is applied: nothing to reapply (mashdb migrate applies)")
    changed = edited(files, state)
    if version is not None:
        first = find_version(files.migrations, version)
        if first.id not in state.migrations:
            raise UsageError(f"{first.id} is not applied: mashdb migrate applies it")
    else:
        first = changed[0] if changed else applied[-1]
    earlier = [m for m in changed if m.number < first.number]
    if earlier:
        raise UsageError(
            f"{earlier[0].id} was edited too: reapply from it ('mashdb reapply {earlier[0].id}')"
        )
    gone = [d.id for d in drift(files, state) if d.missing and d.id > first.id]
    if gone:
        raise UsageError(f"{gone[-1]} is applied but its file is missing: reapply cannot redo it")
    return [m for m in applied if m.number >= first.number]


def without(state: DbState, chosen: Iterable[Migration]) -> DbState:
    """The bookkeeping as it is once `chosen` and the repeatables needing them are gone."""
    ids = {m.id for m in chosen}
    return replace(
        state,
        migrations={k: v for k, v in state.migrations.items() if k not in ids},
        repeatables={k: v for k, v in state.repeatables.items() if v.requires not in ids},
    )


def version_after(state: DbState, plan: Iterable[Planned]) -> str | None:
    """The version the database would be at after running `plan`."""
    ids = set(state.migrations)
    for p in plan:
        if p.step.kind == "migration":
            (ids.add if p.step.action == "apply" else ids.discard)(p.step.name)
    return current_version(ids)


def plan_migrate(
    files: ProjectFiles,
    state: DbState,
    stop_at: Migration | None = None,
    where: Locality | None = None,
) -> tuple[Planned, ...]:
    """Bootstrap (where needed), removals of repeatables that lost their migration or file,
    pending migrations up to `stop_at`, then new and changed repeatables. Drift refuses
    (`where` words a migration edited locally as such)."""
    check_drift(files, state, where)
    plan: list[Planned] = []
    boot = state.bootstrap
    if files.bootstrap and (
        (boot is None and not state.has_auth_uid)
        or (boot is not None and boot.checksum != files.bootstrap_checksum)
    ):
        plan.append(Planned(Step("bootstrap", "bootstrap", "sql/bootstrap")))

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
            plan.append(Planned(Step("remove", rec.kind, key), applied=rec))

    plan += [Planned(Step("apply", "migration", m.id), migration=m) for m in pending]

    for rep in files.repeatables:
        if rep.requires and rep.requires not in applied_after:
            continue
        rec = state.repeatables.get(rep.key)
        if rec is None:
            plan.append(Planned(Step("apply", rep.kind, rep.key), repeatable=rep))
        elif rec.checksum != rep.checksum:
            plan.append(Planned(Step("reapply", rep.kind, rep.key), repeatable=rep, applied=rec))
    return tuple(plan)


def choose_rollback(
    files: ProjectFiles, state: DbState, steps: int | None, to: str | None, everything: bool
) -> list[Migration]:
    """The migrations a rollback undoes, newest first: the last `steps` (default 1), all
    after `to`, or `everything`."""
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


def plan_rollback(
    files: ProjectFiles, state: DbState, chosen: list[Migration]
) -> tuple[Planned, ...]:
    """One step per chosen migration; the repeatables that require it are removed first
    (in reverse apply order), in the same step."""
    order = {r.key: i for i, r in enumerate(files.repeatables)}
    return tuple(
        Planned(
            Step("rollback", "migration", m.id),
            migration=m,
            dependents=tuple(
                sorted(
                    (rec for rec in state.repeatables.values() if rec.requires == m.id),
                    key=lambda rec: order.get(rec.key, -1),
                    reverse=True,
                )
            ),
        )
        for m in chosen
    )
