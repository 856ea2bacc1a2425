"""``mashdb lint``: sqlfluff (style), squawk (migration lock safety) and static RLS rules.

The CLI calls :func:`lint_paths`, renders with ``RENDERERS[format]`` and exits with
``report.exit_code(fail_on)``; any :class:`LintError` is exit code 2. ``--explain``
calls :func:`explain`. See ``docs/lint.md``.
"""

from __future__ import annotations

from .config import CONFIG_FILE, LintConfig, load_config
from .errors import LintConfigError, LintError, LintToolError, UnknownRuleError
from .finding import SEVERITIES, SOURCES, Finding
from .report import (
    RENDERERS,
    LintPathError,
    LintReport,
    explain,
    lint_changed,
    lint_paths,
    render_json,
    render_sarif,
    render_text,
)
from .rules import REGISTRY

__all__ = [
    "CONFIG_FILE",
    "REGISTRY",
    "RENDERERS",
    "SEVERITIES",
    "SOURCES",
    "Finding",
    "LintConfig",
    "LintConfigError",
    "LintError",
    "LintPathError",
    "LintReport",
    "LintToolError",
    "UnknownRuleError",
    "explain",
    "lint_changed",
    "lint_paths",
    "load_config",
    "render_json",
    "render_sarif",
    "render_text",
]
