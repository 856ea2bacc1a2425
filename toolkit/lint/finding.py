"""The one result type of every linter mashdb composes: a frozen :class:`Finding`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]
Source = Literal["sqlfluff", "squawk", "rls"]

SEVERITIES: tuple[Severity, ...] = ("info", "warning", "error")
"""All severities, least severe first."""

SEVERITY_RANK: dict[str, int] = {name: rank for rank, name in enumerate(SEVERITIES)}
"""``info`` < ``warning`` < ``error``; used for ``--fail-on`` and sorting."""

SOURCES: tuple[Source, ...] = ("sqlfluff", "squawk", "rls")


@dataclass(frozen=True)
class Finding:
    """One problem at one place.

    ``path`` is POSIX and relative to the project root when the file is inside it.
    ``line`` is 1-based, or ``None`` for a finding about a whole file.
    ``rule_id`` is ``RLS001`` for mashdb's own rules, ``sqlfluff:LT01`` and
    ``squawk:require-concurrent-index-creation`` for the composed linters.
    """

    rule_id: str
    severity: Severity
    path: str
    line: int | None
    message: str
    hint: str | None
    source: Source

    def __post_init__(self) -> None:
        if self.severity not in SEVERITY_RANK:
            raise ValueError(f"unknown severity {self.severity!r}")
        if self.source not in SOURCES:
            raise ValueError(f"unknown source {self.source!r}")

    def key(self) -> tuple[str, str, int | None, str]:
        """What makes two findings the same one (before severities and ignores apply)."""
        return (self.rule_id, self.path, self.line, self.message)

    def sort_key(self) -> tuple[str, int, str, str]:
        """Order of the report: by path, then line, then rule id."""
        return (self.path, self.line or 0, self.rule_id, self.message)
