"""Rollback safety for review: the round trip and what the branch's rollbacks drop."""

from __future__ import annotations

from pglast import ast
from pglast.enums import AlterTableType, ObjectType

from toolkit.catalog import Snapshot, differences
from toolkit.migrations import Migration
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


def drop_items(added: list[Migration], base: Snapshot) -> list[Item]:
    """Tables and columns the branch's rollback files drop; dropping base's data is dangerous."""
    items = []
    base_tables = base.kind("tables")
    base_columns = base.kind("columns")
    for m in added:
        for stmt in m.rollback.statements:
            where = f"{m.rollback.name}:{stmt.line}"
            node = stmt.node
            if isinstance(node, ast.DropStmt) and node.removeType == ObjectType.OBJECT_TABLE:
                for obj in node.objects:
                    name = _qualified([part.sval for part in obj])
                    if name in base_tables:
                        items.append(
                            Item(
                                "rollback",
                                "dangerous",
                                f"rollback drops table {name}, which exists on base",
                                "its rows (written before this branch) are lost",
                                where,
                            )
                        )
                    else:
                        items.append(
                            Item(
                                "rollback",
                                "info",
                                f"rollback drops new table {name}",
                                "rows written after deploying this branch are lost",
                                where,
                            )
                        )
            elif isinstance(node, ast.AlterTableStmt):
                table = _qualified([node.relation.schemaname, node.relation.relname])
                for cmd in node.cmds:
                    if cmd.subtype != AlterTableType.AT_DropColumn:
                        continue
                    column = f"{table}.{cmd.name}"
                    if column in base_columns:
                        items.append(
                            Item(
                                "rollback",
                                "dangerous",
                                f"rollback drops column {column}, which exists on base",
                                "its values are lost",
                                where,
                            )
                        )
                    else:
                        items.append(
                            Item(
                                "rollback",
                                "info",
                                f"rollback drops new column {column}",
                                "values written after deploying this branch are lost",
                                where,
                            )
                        )
    return items


def _qualified(parts: list[str | None]) -> str:
    names = [p for p in parts if p]
    return ".".join(names if len(names) > 1 else ["public", *names])
