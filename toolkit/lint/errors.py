"""Errors raised by the lint library; the CLI maps every one of them to exit code 2.

They subclass one base, :class:`LintError`, itself a toolkit usage error (exit code 2).
"""

from __future__ import annotations

from toolkit.errors import UsageError


class LintError(UsageError):
    """Base class of every error the lint library raises."""


class LintConfigError(LintError):
    """The lint configuration (``mashdb.toml`` [lint] or an inline directive) is invalid."""


class LintToolError(LintError):
    """An external linter (sqlfluff, squawk) is missing, crashed or answered nonsense."""


class UnknownRuleError(LintError, KeyError):
    """A rule id given to ``explain`` (or a config file) names no known rule."""

    def __str__(self) -> str:  # KeyError quotes its argument; we want the plain message
        return str(self.args[0]) if self.args else ""
