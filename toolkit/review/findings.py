"""The review's vocabulary: one item type for every section, and severity order."""

from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("info", "safe", "needs-review", "dangerous")
SECTIONS = ("schema", "access", "lint", "rollback", "load")


def rank(severity: str) -> int:
    """Order of severities: dangerous is highest."""
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
class Item:
    """One thing the reviewer should see.

    `table`, `group` and `member` let a renderer fold a table's many small changes into a
    few lines: items of one table with the same severity and `group` ("column added",
    "authenticated gains UPDATE on column") become one line listing their `member`s.
    `code` is SQL the reviewer should read (a policy's predicates, a function's
    definition), or a unified diff of it (then it starts with `---`).
    """

    section: str
    severity: str
    title: str
    detail: str = ""
    location: str = ""  # file:line or object name
    table: str = ""  # schema.table the item is about, empty when it is about no table
    group: str = ""
    member: str = ""
    code: str = ""
