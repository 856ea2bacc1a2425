"""Lock safety: run the ``squawk`` binary on versioned migrations and convert its JSON.

Which files: ``sql/migrations/NNNN_*.sql`` only. Rollback files
(``*.rollback.sql``) are destructive by design (they drop what the migration
created), so squawk's ``ban-drop-*`` rules would flag every one of them; they are
still style-checked by sqlfluff. Repeatable files (functions, policies) take no
table locks worth reviewing.

How: yoyo runs a migration inside a transaction unless its header says
``-- transactional: false``, so transactional migrations are checked with
``--assume-in-transaction`` (which also tells squawk that a table created
earlier in the same file is new and empty) and the others without it.
``--pg-version`` comes from the config (default 18). squawk runs in the
project root, so a ``.squawk.toml`` there is honoured, and ``-- squawk-ignore``
comments work as usual.

Severity: squawk reports everything as a warning. The rules about blocking
locks, table rewrites and statements that fail outright are raised to ``error``
(:data:`ERROR_RULES`); the rest stay warnings. ``[severity]`` in the config
overrides either way.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from toolkit.sqlfile import read_sql_file

from .config import SquawkSettings
from .errors import LintToolError
from .finding import Finding, Severity
from .model import file_kind, is_rollback

DOCS_URL = "https://squawkhq.com/docs/{rule}"
_MIGRATION_NAME = re.compile(r"^\d+_.+\.sql$")

ERROR_RULES = frozenset(
    {
        "syntax-error",
        "require-concurrent-index-creation",
        "require-concurrent-index-deletion",
        "ban-concurrent-index-creation-in-transaction",
        "adding-required-field",
        "adding-not-nullable-field",
        "adding-field-with-default",
        "adding-serial-primary-key-field",
        "adding-foreign-key-constraint",
        "constraint-missing-not-valid",
        "disallowed-unique-constraint",
        "changing-column-type",
        "ban-drop-database",
        "transaction-nesting",
    }
)
"""squawk rules about blocking locks, rewrites or failures: reported as ``error``."""


def find_squawk() -> str:
    """Path of the ``squawk`` binary: next to the running Python first, then on PATH."""
    beside = Path(sys.executable).parent / "squawk"
    if beside.is_file():
        return str(beside)
    found = shutil.which("squawk")
    if found:
        return found
    raise LintToolError(
        "squawk not found next to the Python interpreter nor on PATH; "
        "install the 'squawk-cli' package"
    )


def is_migration(path: Path, sql_root: Path) -> bool:
    """Whether squawk should check ``path``: a forward versioned migration."""
    return (
        file_kind(path, sql_root) == "migrations"
        and not is_rollback(path)
        and bool(_MIGRATION_NAME.match(path.name))
    )


def _transactional(path: Path) -> bool:
    return read_sql_file(path).transactional is not False


def _run(binary: str, args: list[str], cwd: Path) -> list[dict[str, Any]]:
    try:
        done = subprocess.run(
            [binary, *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=300
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise LintToolError(f"squawk could not run: {exc}") from exc
    if done.returncode not in (0, 1):
        raise LintToolError(f"squawk failed (exit {done.returncode}): {done.stderr.strip()}")
    text = done.stdout.strip()
    try:
        data = json.loads(text) if text else []
    except json.JSONDecodeError as exc:
        detail = (done.stderr or text).strip()[:500]
        raise LintToolError(f"squawk did not answer JSON: {detail}") from exc
    if not isinstance(data, list):
        raise LintToolError("squawk's JSON report is not a list")
    return data


def lint_migrations(
    paths: Sequence[Path],
    project_root: Path,
    settings: SquawkSettings,
    display: Callable[[Path], str],
) -> list[Finding]:
    """Run squawk on the migrations among ``paths`` (others are skipped)."""
    sql_root = project_root / "sql"
    migrations = [p for p in paths if is_migration(p, sql_root)]
    if not migrations:
        return []
    binary = find_squawk()
    base = ["--reporter", "json", "--pg-version", settings.pg_version]
    if settings.exclude:
        base += ["--exclude", ",".join(settings.exclude)]
    if settings.include:
        base += ["--include", ",".join(settings.include)]
    groups = {
        True: [p for p in migrations if _transactional(p)],
        False: [p for p in migrations if not _transactional(p)],
    }
    findings: list[Finding] = []
    for in_transaction, group in groups.items():
        if not group:
            continue
        by_name = {str(p): p for p in group}
        args = [*base, *(["--assume-in-transaction"] if in_transaction else []), *by_name]
        for item in _run(binary, args, project_root):
            findings.append(_finding(item, by_name, project_root, display))
    return findings


def _finding(
    item: dict[str, Any],
    by_name: dict[str, Path],
    project_root: Path,
    display: Callable[[Path], str],
) -> Finding:
    rule = str(item.get("rule_name") or "unknown")
    file_name = str(item.get("file") or "")
    path = by_name.get(file_name) or (project_root / file_name)
    line = item.get("line")
    level = str(item.get("level") or "").lower()
    severity: Severity = "error" if level == "error" or rule in ERROR_RULES else "warning"
    help_text = item.get("help")
    hint = str(help_text) if help_text else f"See {DOCS_URL.format(rule=rule)}"
    return Finding(
        rule_id=f"squawk:{rule}",
        severity=severity,
        path=display(path),
        line=line + 1 if isinstance(line, int) else None,  # squawk counts lines from 0
        message=str(item.get("message") or rule),
        hint=hint,
        source="squawk",
    )
