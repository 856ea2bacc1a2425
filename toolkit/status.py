"""`mashdb status`: what is applied, pending, changed or drifted — read-only."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from toolkit import gitbase
from toolkit.files import ProjectFiles, load_files
from toolkit.plan import drift
from toolkit.project import Project
from toolkit.state import DbState, read_state
from toolkit.target import Target


@dataclass(frozen=True)
class MigrationStatus:
    id: str
    state: str  # applied | pending | drifted | missing-file | invalid
    applied_at: datetime | None
    file_checksum: str | None
    applied_checksum: str | None
    problem: str | None = None  # why an invalid file cannot be used (file:line)
    applied_by: str | None = None  # how it came to be applied: migrate | baseline | supabase
    source_version: str | None = None  # its version in the Supabase CLI's history, if adopted
    edited_locally: bool = False  # drifted, and its file is not on the base branch


@dataclass(frozen=True)
class RepeatableStatus:
    key: str
    kind: str
    state: str  # applied | changed | pending | waiting | orphaned
    requires: str | None


@dataclass(frozen=True)
class BootstrapStatus:
    state: str  # applied | changed | platform | pending | none (no bootstrap files)
    files: tuple[str, ...]


@dataclass(frozen=True)
class Status:
    """The state of one database against the project's files."""

    target: str
    source: str
    database: str
    role: str
    server_version: str
    bootstrap: BootstrapStatus
    migrations: tuple[MigrationStatus, ...]
    repeatables: tuple[RepeatableStatus, ...]
    current: str | None  # the database's version (DbState.current)
    base: str | None = None  # the git base drifted migrations were looked up on

    @property
    def head(self) -> str | None:
        on_disk = [m.id for m in self.migrations if m.state != "missing-file"]
        return on_disk[-1] if on_disk else None

    @property
    def pending(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.migrations if m.state == "pending")

    @property
    def drifted(self) -> tuple[MigrationStatus, ...]:
        return tuple(m for m in self.migrations if m.state == "drifted")

    @property
    def edited_locally(self) -> tuple[MigrationStatus, ...]:
        return tuple(m for m in self.drifted if m.edited_locally)

    @property
    def invalid(self) -> tuple[MigrationStatus, ...]:
        return tuple(m for m in self.migrations if m.state == "invalid")

    @property
    def up_to_date(self) -> bool:
        return (
            not self.pending
            and not self.invalid
            and not self.drifted
            and all(r.state in ("applied", "waiting") for r in self.repeatables)
            and self.bootstrap.state in ("applied", "platform", "none")
        )


def compare(files: ProjectFiles, state: DbState, target: Target) -> Status:
    """Combine files on disk and a database's bookkeeping into a Status."""
    drifted = {d.id: d for d in drift(files, state)}
    migrations: list[MigrationStatus] = []
    for m in files.migrations:
        applied = state.migrations.get(m.id)
        if applied is None:
            migrations.append(MigrationStatus(m.id, "pending", None, m.checksum, None))
            continue
        migrations.append(
            MigrationStatus(
                m.id,
                "drifted" if m.id in drifted else "applied",
                applied.applied_at,
                m.checksum,
                applied.checksum,
                applied_by=applied.applied_by,
                source_version=applied.source_version,
            )
        )
    for bad in files.invalid:
        applied = state.migrations.get(bad.id)
        migrations.append(
            MigrationStatus(
                bad.id,
                "invalid",
                applied.applied_at if applied else None,
                None,
                applied.checksum if applied else None,
                bad.problem,
            )
        )
    for d in drifted.values():
        if d.missing:
            applied = state.migrations[d.id]
            migrations.append(
                MigrationStatus(
                    d.id,
                    "missing-file",
                    applied.applied_at,
                    None,
                    applied.checksum,
                    applied_by=applied.applied_by,
                    source_version=applied.source_version,
                )
            )
    migrations.sort(key=lambda s: s.id)

    repeatables: list[RepeatableStatus] = []
    keys = set()
    for rep in files.repeatables:
        keys.add(rep.key)
        applied = state.repeatables.get(rep.key)
        if rep.requires and rep.requires not in state.migrations:
            kind = "waiting" if applied is None else "orphaned"
        elif applied is None:
            kind = "pending"
        else:
            kind = "applied" if applied.checksum == rep.checksum else "changed"
        repeatables.append(RepeatableStatus(rep.key, rep.kind, kind, rep.requires))
    for key, applied in state.repeatables.items():
        if key not in keys and applied.kind != "bootstrap":
            repeatables.append(RepeatableStatus(key, applied.kind, "orphaned", applied.requires))

    boot = state.bootstrap
    if boot is not None:
        boot_state = "applied" if boot.checksum == files.bootstrap_checksum else "changed"
    elif state.has_auth_uid:
        boot_state = "platform"
    elif not files.bootstrap:
        boot_state = "none"
    else:
        boot_state = "pending"
    return Status(
        target=target.display,
        source=target.source,
        database=state.database,
        role=state.role,
        server_version=state.server_version,
        bootstrap=BootstrapStatus(boot_state, tuple(f.name for f in files.bootstrap)),
        migrations=tuple(migrations),
        repeatables=tuple(repeatables),
        current=state.current,
    )


def get_status(target: Target, project: Project) -> Status:
    """Status of `target` against `project`, using one read-only connection."""
    from toolkit.db import connect  # the driver: only where the database is read

    files = load_files(project, report_invalid=True)
    with connect(target.url) as conn:
        conn.execute("set default_transaction_read_only = on")
        status = compare(files, read_state(conn), target)
    return mark_edited_locally(status, project, files)


def mark_edited_locally(status: Status, project: Project, files: ProjectFiles) -> Status:
    """Tell drifted migrations that exist only on this branch (git base: origin/main, else
    main) from merged ones; git is asked only when something drifted."""
    if not status.drifted:
        return status
    paths = {m.id: m.apply.name for m in files.migrations}
    where = gitbase.locality(project.root, {m.id: paths[m.id] for m in status.drifted})
    migrations = tuple(
        replace(m, edited_locally=where.is_local(m.id)) if m.state == "drifted" else m
        for m in status.migrations
    )
    return replace(status, migrations=migrations, base=where.base)
