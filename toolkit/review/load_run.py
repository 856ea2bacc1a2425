"""`mashdb review --under-load`: the branch's new migrations executed, in order, on a scratch
database with generated rows while the app's queries run (toolkit/review/under_load.py).

The scratch database is created on the server review already builds on (`--database-url`'s,
else the embedded one), never the target database itself: it is migrated to the base ref,
filled with N generated rows per table (toolkit/review/rowgen.py), then each migration the
branch adds is applied under the workload (toolkit/review/workload.py). It is dropped
afterwards, also when a migration fails or the run is interrupted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from toolkit import db, engine, security, testdb
from toolkit.db import Target
from toolkit.errors import ConfigError
from toolkit.migrations import Migration
from toolkit.project import Project
from toolkit.review import workload as workload_file
from toolkit.review.findings import Item
from toolkit.review.rowgen import Table, generate_rows
from toolkit.review.under_load import (
    DEFAULT_THRESHOLD,
    MigrationUnderLoad,
    WorkloadQuery,
    run_under_load,
)

DEFAULT_ROWS = 100_000
SCRATCH_PREFIX = "mashdb_review_load"


@dataclass(frozen=True)
class LoadOptions:
    """How `--under-load` runs: rows per table, the wait that makes a migration dangerous,
    and the workload file (None: the project's tests/load/workload.toml)."""

    rows: int = DEFAULT_ROWS
    threshold: float = DEFAULT_THRESHOLD
    workload: Path | None = None


@dataclass
class LoadReport:
    """What the migrations did under load, for review's report and its JSON."""

    scratch_database: str
    rows_per_table: int
    threshold: float
    workload: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    migrations: list[MigrationUnderLoad] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        """Plain data: the `under_load` object of review's JSON (docs/review.md)."""
        return {
            "scratch_database": self.scratch_database,
            "rows_per_table": self.rows_per_table,
            "threshold_ms": round(self.threshold * 1000, 1),
            "workload": self.workload,
            "tables": [{"table": t.name, "rows": t.rows, "note": t.note} for t in self.tables],
            "migrations": [m.to_json() for m in self.migrations],
            "notes": self.notes,
        }


def declared_workload(head: Project, options: LoadOptions) -> workload_file.Workload:
    """The workload file `options` names (default: the project's), read and checked."""
    path = options.workload or head.root / workload_file.DEFAULT_PATH
    return workload_file.load(path, head.relative(path))


def scratch_database(server_url: str, prefix: str) -> tuple[str, str]:
    """Create a uniquely named scratch database on `server_url`'s server; return (name, URL).
    A role that may not create databases is refused with one clear line."""
    name = testdb.unique_name(prefix)
    try:
        return name, db.create_database(server_url, name)
    except psycopg.errors.InsufficientPrivilege as exc:
        with db.connect(server_url) as conn:
            role = conn.execute("select current_user").fetchone()[0]
        raise ConfigError(
            f"cannot create a scratch database on {db.mask_password(server_url)} as role "
            f"{role}: {exc.diag.message_primary} (SQLSTATE 42501); review builds only on "
            "scratch databases it creates and drops, never on the target database itself: "
            "use a role with CREATEDB, or leave out --database-url to use the embedded server"
        ) from exc


def review_under_load(
    server_url: str,
    base: Project,
    head: Project,
    added: Sequence[Migration],
    options: LoadOptions,
    declared: workload_file.Workload,
    *,
    progress: Callable[[str], None] = lambda message: None,
) -> LoadReport:
    """Build base on a scratch database, fill it, apply `added` (head's files) under the
    `declared` workload, drop the scratch database; return what happened."""
    name, url = scratch_database(server_url, SCRATCH_PREFIX)
    report = LoadReport(name, options.rows, options.threshold)
    try:
        progress(f"under load: building base on scratch database {name}")
        engine.migrate(Target(url, "review"), base)
        schemas = security.load(head.root).exposed_schemas
        queries = fill(url, options.rows, schemas, declared, report, progress)
        apply(url, [(m.apply.path, m.apply.name) for m in added], queries, options.threshold,
              report, progress)
    finally:
        progress(f"under load: dropping scratch database {name}")
        _drop(server_url, name)
    return report


def fill(
    url: str,
    rows: int,
    schemas: Sequence[str],
    declared: workload_file.Workload,
    report: LoadReport,
    progress: Callable[[str], None],
    only: Sequence[str] | None = None,
) -> list[WorkloadQuery]:
    """Generate the rows (in every table of `schemas`, or `only` those and their parents)
    and ready the workload on the database at `url` (recorded in `report`); return the
    workload queries that run there."""
    with db.connect(url) as conn:
        report.tables = generate_rows(conn, rows, schemas, only=only, progress=progress)
        queries, notes = workload_file.prepare(conn, declared)
    report.notes += notes + [
        f"{t.name}: {t.rows:,} of {rows:,} rows generated ({t.note})"
        for t in report.tables
        if t.note
    ]
    report.workload = [q.name for q in queries]
    if not queries:
        raise ConfigError("no workload query runs on the base schema: " + "; ".join(notes))
    return queries


def apply(
    url: str,
    files: Sequence[tuple[Path, str]],
    queries: list[WorkloadQuery],
    threshold: float,
    report: LoadReport,
    progress: Callable[[str], None],
) -> None:
    """Apply each (path, shown name) in order under `queries`, recording each result and its
    findings in `report`; a migration that fails is a dangerous finding, and the ones after
    it are not applied (they may depend on it)."""
    for i, (path, name) in enumerate(files, 1):
        progress(f"under load: applying {name} ({i}/{len(files)}) while "
                 f"{len(queries)} workload queries run")
        try:
            result = run_under_load(url, path, queries, name=name, threshold=threshold)
        except psycopg.Error as exc:
            first = (exc.diag.message_primary or str(exc)).splitlines()[0]
            report.items.append(Item(
                "load", "dangerous", f"{name} fails when applied to the generated rows",
                f"{first} (SQLSTATE {exc.sqlstate}); later migrations were not applied",
                name,
            ))
            return
        report.migrations.append(result)
        report.items += result.findings


def _drop(server_url: str, name: str) -> None:
    """Drop the scratch database; a second Ctrl-C during the drop does not leave it behind."""
    try:
        db.drop_database(server_url, name)
    except KeyboardInterrupt:
        db.drop_database(server_url, name)
        raise
