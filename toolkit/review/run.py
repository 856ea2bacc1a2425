"""Build base and head on throwaway databases, compare them, and assemble the report."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from toolkit import catalog, db, engine, security
from toolkit.dataloss import Drop
from toolkit.db import Target
from toolkit.errors import MashdbError
from toolkit.lint import lint_paths
from toolkit.migrations import load_migrations
from toolkit.project import Project
from toolkit.review import access, classify, rollback_check
from toolkit.review.findings import Item
from toolkit.review.load_run import (
    LoadOptions,
    LoadReport,
    declared_workload,
    review_under_load,
    scratch_database,
)
from toolkit.review.report import ReviewReport
from toolkit.review.sides_access import both_sides
from toolkit.review.sources import materialise

LINT_SEVERITY = {"error": "dangerous", "warning": "needs-review", "info": "info"}


def review(
    head: Project,
    base_ref: str,
    server_url: str,
    *,
    under_load: LoadOptions | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> ReviewReport:
    """Review the working tree of `head` against `base_ref`, using `server_url`'s server
    (scratch databases only); with `under_load`, also execute the added migrations under
    the app's workload on generated rows."""
    declared = declared_workload(head, under_load) if under_load else None
    load: LoadReport | None = None
    with tempfile.TemporaryDirectory(prefix="mashdb-review-") as tmp:
        sides = materialise(head, base_ref, Path(tmp))
        base_ids = {m.id for m in load_migrations(sides.base)}
        head_migrations = load_migrations(sides.head)
        added = [m for m in head_migrations if m.id not in base_ids]
        edited = [
            m.id
            for m in head_migrations
            if m.id in base_ids and f"sql/migrations/{m.id}.sql" in sides.changed_files
        ]
        notes: list[str] = []
        items: list[Item] = [
            Item(
                "schema",
                "dangerous",
                f"edits migration {mid}, which exists on base",
                "applied migrations are immutable: write a new migration instead",
                f"sql/migrations/{mid}.sql",
            )
            for mid in edited
        ]
        base_name, base_url = scratch_database(server_url, "mashdb_review_base")
        try:
            head_name, head_url = scratch_database(server_url, "mashdb_review_head")
        except BaseException:
            db.drop_database(server_url, base_name)
            raise
        try:
            progress(f"building base ({sides.base_commit[:10]})")
            engine.migrate(Target(base_url, "review"), sides.base)
            progress("building head (working tree)")
            engine.migrate(Target(head_url, "review"), sides.head)
            with db.connect(base_url) as b, db.connect(head_url) as h:
                base_snap, head_snap = catalog.snapshot(b), catalog.snapshot(h)
                progress("executing the access matrix on base and head (each with its probes)")
                matrices = both_sides(b, h, sides.base.root, sides.head.root)
                notes += matrices.notes
                access_changes = access.compare(matrices.base, matrices.head)
            items += classify.schema_items(
                catalog.differences(base_snap, head_snap), security.load(head.root)
            )
            items += [
                Item("access", c.verdict, c.label, c.reason, c.table, c.table, c.role, c.cell)
                for c in access_changes
            ]
            progress("linting changed files")
            items += _lint_items(sides.head, sides.changed_files)
            progress("checking the rollback round trip")
            try:
                items += _rollback_items(
                    sides.base, sides.head, head_url, base_snap, head_snap, added
                )
            except MashdbError as exc:
                items.append(
                    Item("rollback", "dangerous", "the rollback round trip failed", str(exc))
                )
        finally:
            for name in (base_name, head_name):
                db.drop_database(server_url, name)
        if under_load and declared and added:
            load = review_under_load(
                server_url, sides.base, sides.head, added, under_load, declared,
                progress=progress,
            )
            items += load.items
            notes += [f"under load: {note}" for note in load.notes]
        elif under_load:
            notes.append("--under-load: the branch adds no migration, so none was executed")
    return ReviewReport(
        base_ref=base_ref,
        base_commit=sides.base_commit,
        added_migrations=tuple(m.id for m in added),
        changed_files=sides.changed_files,
        items=tuple(items),
        notes=tuple(notes),
        under_load=load,
    )


def _lint_items(head: Project, changed: tuple[str, ...]) -> list[Item]:
    if not changed:
        return []
    report = lint_paths([head.root / p for p in changed], head.root)
    return [
        Item(
            "lint",
            LINT_SEVERITY[f.severity],
            f"{f.rule_id}: {f.message}",
            f.hint or "",
            f"{f.path}:{f.line}" if f.line else f.path,
        )
        for f in report.findings
    ]


def _rollback_items(
    base: Project,
    head: Project,
    head_url: str,
    base_snap: catalog.Snapshot,
    head_snap: catalog.Snapshot,
    added: list,
) -> list[Item]:
    base_version = max((m.id for m in load_migrations(base)), default=None)
    target = Target(head_url, "review")
    drops: tuple[Drop, ...] = ()
    if base_version is None:
        drops = engine.rollback(target, head, everything=True, confirm=lambda _: True).drops
    elif added:
        drops = engine.rollback(target, head, to=base_version, confirm=lambda _: True).drops
    engine.migrate(target, base)
    with db.connect(head_url) as conn:
        after_rollback = catalog.snapshot(conn)
    engine.migrate(target, head)
    with db.connect(head_url) as conn:
        head_again = catalog.snapshot(conn)
    return rollback_check.drop_items(drops, base_snap) + rollback_check.round_trip_items(
        base_snap, after_rollback, head_snap, head_again
    )
