"""Helpers for the lint tests: throwaway projects written to a temp directory (no database)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from toolkit.lint import LintReport, lint_paths

SQLFLUFF_CONFIG = """\
[sqlfluff]
dialect = postgres
templater = raw

[sqlfluff:rules:capitalisation.keywords]
capitalisation_policy = lower
"""

MakeProject = Callable[[dict[str, str]], Path]


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """Write ``{relative path: SQL}`` under a fresh project root and return the root."""

    def make(files: dict[str, str]) -> Path:
        root = tmp_path / "project"
        (root / "sql").mkdir(parents=True, exist_ok=True)
        for relative, text in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return root

    return make


LintRls = Callable[..., LintReport]


@pytest.fixture
def lint_rls() -> LintRls:
    """Run only the static RLS rules (fast, no external tool) on a project root."""

    def run(root: Path, paths: list[Path] | None = None) -> LintReport:
        return lint_paths(paths or [], root, sources=("rls",))

    return run
