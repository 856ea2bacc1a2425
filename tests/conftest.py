"""Shared test helpers. Databases come from mashdb's own pytest plugin (toolkit.pytest_plugin):
`migrated_db` is a clone of a template at head, `empty_db` an empty database.

Tests by subject: tests/schema/ and tests/rls/ test this schema, tests/toolkit/<area>/ the
toolkit (on tiny fixture projects under tests/toolkit/fixtures or a copy of this one)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from helpers import REPO

from toolkit.cli import main
from toolkit.project import Project

# migrate's RLS pre-flight refuses a public table without row level security, which is what
# most tiny fixture projects here are made of (they test migrating, not RLS). The suite
# skips it the reported way (MASHDB_SKIP_PREFLIGHT, like --skip-preflight); the pre-flight
# itself is proven in tests/toolkit/test_loop_preflight.py, which unsets this.
os.environ.setdefault("MASHDB_SKIP_PREFLIGHT", "1")


@pytest.fixture
def repo_project() -> Project:
    """This repository's project (read-only use)."""
    return Project(REPO)


@pytest.fixture
def project_copy(tmp_path: Path) -> Project:
    """A writable copy of this repository's sql/ in a temporary project."""
    shutil.copytree(REPO / "sql", tmp_path / "sql")
    return Project(tmp_path)


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Run the mashdb CLI in-process (click's runner); returns the click Result."""

    def run(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)

    return run
