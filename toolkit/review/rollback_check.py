"""Rollback safety for review: the round trip, and what the branch's rollbacks drop.

What a rollback drops is measured by the engine while it rolls head back to base
(toolkit/dataloss.py, the same computation as the data-loss guard); this module only
classifies each drop against the base catalog.
"""

from __future__ import annotations

from collections.abc import Iterable

from toolkit.catalog import Snapshot, differences
from toolkit.dataloss import Drop
from toolkit.review.findings import Item


def round_trip_items(
    base: Snapshot, after_rollback: Snapshot, head: Snapshot, head_again: Snapshot
) -> list[Item]:
    """head → rollback to base must equal base; → head again must equal head."""
    items = []
    for label, want, got in (
        ("rolling back to base", base, after_rollback),
        ("migrating to head again after the rollback", head, head_again),
    ):
        diffs = differences(want, got)
        if diffs:
            listing = "\n".join(f"{d.change} {d.kind[:-1]} {d.key}" for d in diffs[:20])
            more = f"\n… and {len(diffs) - 20} more" if len(diffs) > 20 else ""
            items.append(
                Item(
                    "rollback",
                    "dangerous",
                    f"{label} does not reproduce the catalog ({len(diffs)} differences)",
                    listing + more,
                )
            )
    return items


def drop_items(drops: Iterable[Drop], base: Snapshot) -> list[Item]:
    """Each table or column the rollback drops: dangerous when base has it (its data was
    written before this branch), info when the branch added it."""
    items = []
    for d in drops:
        what = "column" if d.column else "table"
        kind = "columns" if d.column else "tables"
        where = f"sql/migrations/{d.migration}.rollback.sql"
        if d.key in base.kind(kind):
            lost = (
                "its values are lost"
                if d.column
                else "its rows (written before this branch) are lost"
            )
            items.append(
                Item(
                    "rollback",
                    "dangerous",
                    f"rollback drops {what} {d.key}, which exists on base",
                    lost,
                    where,
                )
            )
        else:
            written = "values" if d.column else "rows"
            items.append(
                Item(
                    "rollback",
                    "info",
                    f"rollback drops new {what} {d.key}",
                    f"{written} written after deploying this branch are lost",
                    where,
                )
            )
    return items
