"""Style: run sqlfluff through its Python API with the repository's ``.sqlfluff`` config.

The config is discovered from the project root (and nested ``.sqlfluff`` files,
as ``sqlfluff lint`` does); the dialect is always ``postgres``. Every violation
becomes a ``sqlfluff:<code>`` finding of severity ``warning`` (``info`` for rules
sqlfluff's own ``warnings`` setting demotes). sqlfluff's parse failures (``PRS``)
are warnings too: PostgreSQL's real grammar is checked by ``RLS000`` (pglast), and
sqlfluff's dialect may lag behind PostgreSQL 18. ``-- noqa: LT01`` comments work
as in sqlfluff.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .errors import LintToolError
from .finding import Finding

DOCS_URL = "https://docs.sqlfluff.com/en/stable/reference/rules.html"


def _linter(project_root: Path) -> Any:
    """A sqlfluff ``Linter`` configured from the project root (imported lazily: it is slow)."""
    from sqlfluff.core import FluffConfig, Linter

    config = FluffConfig.from_path(str(project_root), overrides={"dialect": "postgres"})
    return Linter(config=config)


def lint_files(
    paths: Sequence[Path], project_root: Path, display: Callable[[Path], str]
) -> list[Finding]:
    """Lint ``paths`` with sqlfluff; findings carry ``display(path)`` as their path."""
    if not paths:
        return []
    try:
        result = _linter(project_root).lint_paths(tuple(str(p) for p in paths))
    except Exception as exc:  # sqlfluff raises many types; all are tool failures here
        raise LintToolError(f"sqlfluff failed: {exc}") from exc
    findings = []
    for linted_dir in result.paths:
        for linted in linted_dir.files:
            shown = display(Path(linted.path))
            for violation in linted.get_violations():
                info = violation.to_dict()
                code = info.get("code") or violation.rule_code()
                name = info.get("name") or ""
                if info.get("fixes"):
                    hint = f"`sqlfluff fix {shown}` corrects this."
                else:
                    label = f"{code} ({name})" if name else code
                    hint = f"See sqlfluff rule {label}: {DOCS_URL}"
                if code == "PRS":
                    hint = "sqlfluff's postgres dialect cannot parse this; style is unchecked here."
                findings.append(
                    Finding(
                        rule_id=f"sqlfluff:{code}",
                        severity="info" if info.get("warning") else "warning",
                        path=shown,
                        line=info.get("start_line_no") or None,
                        message=str(info.get("description") or violation.desc()),
                        hint=hint,
                        source="sqlfluff",
                    )
                )
    return findings


def rule_doc(code: str) -> str | None:
    """The docstring of sqlfluff rule ``code`` (e.g. ``LT01``) or ``None`` if unknown."""
    import inspect

    from sqlfluff.core import FluffConfig, Linter

    linter = Linter(config=FluffConfig(overrides={"dialect": "postgres"}))
    for rule in linter.get_rulepack().rules:
        if code.upper() in {rule.code.upper(), rule.name.upper()}:
            doc = inspect.cleandoc(type(rule).__doc__ or "")
            return f"sqlfluff:{rule.code} ({rule.name})\n\n{doc}\n\n{DOCS_URL}"
    return None
