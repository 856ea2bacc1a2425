"""The review's vocabulary: one item type for every section, and severity order."""

from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("info", "safe", "needs-review", "dangerous")
SECTIONS = ("schema", "access", "lint", "rollback")


def rank(severity: str) -> int:
    """Order of severities: dangerous is highest."""
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
class Item:
    """One thing the reviewer should see."""

    section: str
    severity: str
    title: str
    detail: str = ""
    location: str = ""  # file:line or object name
