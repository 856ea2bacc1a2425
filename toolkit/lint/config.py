"""Lint configuration: the ``[lint]`` table of ``mashdb.toml`` at the project root (the
project configuration, toolkit.security: exposed schemas and API roles are its ``[api]``),
and inline directives.

``[lint]`` (every table in it is optional; shown here as nested TOML tables)::

    [lint.squawk]
    pg_version = "18"                       # passed as --pg-version
    exclude = ["prefer-robust-stmts"]       # passed as --exclude
    include = []                            # opt-in rules, passed as --include

    [lint.severity]                         # rule-id glob -> error | warning | info
    "sqlfluff:*" = "warning"

    [[lint.ignore]]
    path = "sql/migrations/0002_*.sql"      # glob, relative to the project root
    rules = ["squawk:require-concurrent-index-creation"]
    reason = "table is created in the same migration, empty"

An ignore without a non-empty ``reason`` is a :class:`LintConfigError`, and
so is any unknown key (a typo must not silently disable an ignore).

Inline, in a SQL file::

    -- mashdb-lint: ignore RLS004 anon may insert feedback rows by design
    -- mashdb-lint: ignore-file sqlfluff:LT05 generated function bodies

``ignore`` on its own line covers the next statement (all its lines); at the end
of a code line it covers that line. ``ignore-file`` covers the whole file.
Several rule ids are separated by commas; the rest of the line is the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from toolkit import security
from toolkit.errors import ConfigError
from toolkit.sqlfile import SqlFile

from .errors import LintConfigError
from .finding import SEVERITY_RANK, Finding, Severity
from .rules import REGISTRY

CONFIG_FILE = f"{security.CONFIG_FILE} [lint]"
FORMER_FILE = ".mashdb-lint.toml"
RULE_PREFIXES = ("sqlfluff:", "squawk:")

_INLINE = re.compile(r"--\s*mashdb-lint\s*:\s*(\S+)\s*(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Ignore:
    """Suppress findings of ``rules`` (globs) in files matching ``path`` (glob), for ``reason``.

    ``lines`` limits an inline ignore to some lines; ``None`` means the whole file.
    ``origin`` tells where the ignore was written, for messages.
    """

    path: str
    rules: tuple[str, ...]
    reason: str
    origin: str
    lines: frozenset[int] | None = None

    def matches(self, finding: Finding) -> bool:
        """Whether this ignore suppresses ``finding``."""
        if not fnmatchcase(finding.path, self.path):
            return False
        if self.lines is not None and finding.line not in self.lines:
            return False
        return any(fnmatchcase(finding.rule_id, rule) for rule in self.rules)


@dataclass(frozen=True)
class SquawkSettings:
    """How squawk is invoked."""

    pg_version: str = "18"
    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()


@dataclass(frozen=True)
class LintConfig:
    """The whole lint configuration (defaults when there is no config file)."""

    ignores: tuple[Ignore, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    squawk: SquawkSettings = field(default_factory=SquawkSettings)
    project: security.ProjectConfig = field(default_factory=security.ProjectConfig)

    def severity_for(self, rule_id: str, default: Severity) -> Severity:
        """The configured severity of ``rule_id`` (first matching glob wins), else ``default``."""
        for pattern, severity in self.severity:
            if fnmatchcase(rule_id, pattern):
                return severity
        return default


def _check_keys(table: dict[str, Any], allowed: set[str], where: str) -> None:
    security.check_keys(table, allowed, where, LintConfigError)


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise LintConfigError(f"{where}: expected a list of non-empty strings")
    return tuple(value)


def _check_rule_pattern(pattern: str, where: str) -> None:
    """A pattern must name a composed linter's rule (prefixed) or match an RLS rule."""
    if pattern.startswith(RULE_PREFIXES) or pattern == "*":
        return
    if not any(fnmatchcase(rule.id, pattern.upper()) for rule in REGISTRY.all()):
        raise LintConfigError(
            f"{where}: rule {pattern!r} matches no rule; use an RLS id (e.g. RLS003), "
            "'sqlfluff:<code>' or 'squawk:<rule-name>'"
        )


def parse_config(
    data: dict[str, Any],
    origin: str = CONFIG_FILE,
    project: security.ProjectConfig | None = None,
) -> LintConfig:
    """Validate a parsed ``[lint]`` table and build a :class:`LintConfig`."""
    _check_keys(data, {"ignore", "severity", "squawk"}, origin)
    ignores = []
    raw_ignores = data.get("ignore", [])
    if not isinstance(raw_ignores, list):
        raise LintConfigError(f"{origin}: 'ignore' must be an array of tables ([[ignore]])")
    for number, entry in enumerate(raw_ignores, start=1):
        where = f"{origin}: [[ignore]] #{number}"
        if not isinstance(entry, dict):
            raise LintConfigError(f"{where}: must be a table")
        _check_keys(entry, {"path", "rules", "reason"}, where)
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise LintConfigError(
                f"{where}: an ignore needs a non-empty 'reason' saying why the finding is "
                "acceptable"
            )
        path = entry.get("path")
        if not isinstance(path, str) or not path:
            raise LintConfigError(
                f"{where}: 'path' (a glob relative to the project root) is required"
            )
        if "rules" not in entry:
            raise LintConfigError(f"{where}: 'rules' is required (use [\"*\"] for every rule)")
        rules = _str_list(entry["rules"], f"{where} 'rules'")
        for rule in rules:
            _check_rule_pattern(rule, where)
        ignores.append(Ignore(path, rules, reason.strip(), f"{origin} [[ignore]] #{number}"))

    severity_table = data.get("severity", {})
    if not isinstance(severity_table, dict):
        raise LintConfigError(f"{origin}: [severity] must be a table")
    severity: list[tuple[str, Severity]] = []
    for pattern, value in severity_table.items():
        if value not in SEVERITY_RANK:
            raise LintConfigError(
                f"{origin}: [severity] {pattern!r} = {value!r}; expected error, warning or info"
            )
        _check_rule_pattern(pattern, f"{origin}: [severity]")
        severity.append((pattern, value))

    squawk_table = data.get("squawk", {})
    if not isinstance(squawk_table, dict):
        raise LintConfigError(f"{origin}: [squawk] must be a table")
    _check_keys(squawk_table, {"pg_version", "exclude", "include"}, f"{origin}: [squawk]")
    squawk = SquawkSettings(
        pg_version=str(squawk_table.get("pg_version", "18")),
        exclude=_str_list(squawk_table.get("exclude", []), f"{origin}: [squawk] exclude"),
        include=_str_list(squawk_table.get("include", []), f"{origin}: [squawk] include"),
    )
    return LintConfig(tuple(ignores), tuple(severity), squawk, project or security.ProjectConfig())


def load_config(project_root: Path) -> LintConfig:
    """Read the ``[lint]`` table of ``mashdb.toml`` in ``project_root`` (defaults without)."""
    if (project_root / FORMER_FILE).is_file():
        raise LintConfigError(
            f"{FORMER_FILE}: lint settings now live in the [lint] table of "
            f"{security.CONFIG_FILE} (ignore → [[lint.ignore]], severity → [lint.severity])"
        )
    try:
        project = security.load(project_root)
    except ConfigError as exc:
        raise LintConfigError(str(exc)) from exc
    return parse_config(project.lint, CONFIG_FILE, project)


def inline_ignores(sql_file: SqlFile, display_path: str) -> tuple[Ignore, ...]:
    """The ``-- mashdb-lint:`` directives of one file, as :class:`Ignore` records."""
    lines = sql_file.text.splitlines()
    found = []
    for number, text in enumerate(lines, start=1):
        match = _INLINE.search(text)
        if not match:
            continue
        where = f"{display_path}:{number}"
        verb, rest = match.group(1).lower(), match.group(2).strip()
        if verb not in {"ignore", "ignore-file"}:
            raise LintConfigError(
                f"{where}: unknown mashdb-lint directive {verb!r}; use 'ignore' or 'ignore-file'"
            )
        rules_text, _, reason = rest.partition(" ")
        rules = tuple(r.strip() for r in rules_text.split(",") if r.strip())
        if not rules:
            raise LintConfigError(f"{where}: mashdb-lint {verb} needs a rule id")
        if not reason.strip():
            raise LintConfigError(
                f"{where}: mashdb-lint {verb} {rules_text} needs a reason after the rule id(s)"
            )
        for rule in rules:
            _check_rule_pattern(rule, where)
        covered: frozenset[int] | None = None
        if verb == "ignore":
            covered = _covered_lines(sql_file, lines, number, match.start())
        found.append(Ignore(display_path, rules, reason.strip(), where, covered))
    return tuple(found)


def _covered_lines(sql_file: SqlFile, lines: list[str], number: int, column: int) -> frozenset[int]:
    """Lines an ``ignore`` directive on line ``number`` covers."""
    if lines[number - 1][:column].strip():  # trailing comment: this line (and its statement)
        target = number
    else:  # own line: the next line with code on it
        target = next(
            (
                n
                for n in range(number + 1, len(lines) + 1)
                if lines[n - 1].strip() and not lines[n - 1].strip().startswith("--")
            ),
            number,
        )
    covered = {number, target}
    for statement in sql_file.statements:
        if statement.line <= target <= statement.end_line:
            covered.update(range(statement.line, statement.end_line + 1))
    return frozenset(covered)


def apply_ignores(
    findings: Iterable[Finding], ignores: Iterable[Ignore]
) -> tuple[list[Finding], int, list[Ignore]]:
    """Split findings into kept ones; return ``(kept, suppressed_count, used_ignores)``."""
    ignores = list(ignores)
    used: list[Ignore] = []
    kept: list[Finding] = []
    suppressed = 0
    for finding in findings:
        match = next((i for i in ignores if i.matches(finding)), None)
        if match is None:
            kept.append(finding)
        else:
            suppressed += 1
            if match not in used:
                used.append(match)
    return kept, suppressed, used
