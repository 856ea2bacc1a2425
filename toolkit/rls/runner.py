"""`mashdb test`: run the policy suite with pytest against any migrated database.

Every test runs in a transaction that is rolled back, and the database is used as is
(`--mashdb-rls-url`, no CREATE DATABASE), so this is safe on a CI branch database.
Runs the project's tests/rls when it exists (it re-exports the packaged suite), else the
packaged suite (toolkit/rls/suite) with the project's matrix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from toolkit.project import Project


@dataclass
class SuiteResult:
    passed: int = 0
    failed: int = 0
    errors: int = 0
    skipped: int = 0
    xfailed: int = 0
    exit_code: int = 0
    assertions: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        extra = ""
        if self.errors:
            extra += f", {self.errors} errors"
        if self.xfailed:
            extra += f", {self.xfailed} xfailed (known issues)"
        return f"{self.passed} passed, {self.failed} failed{extra}"

    @property
    def ok(self) -> bool:
        return self.exit_code == 0


class _Collector:
    """A pytest plugin object counting outcomes."""

    def __init__(self, result: SuiteResult) -> None:
        self.result = result

    def pytest_runtest_logreport(self, report: Any) -> None:
        r = self.result
        if report.when == "call" or (report.when == "setup" and not report.passed):
            if hasattr(report, "wasxfail"):
                if report.skipped:
                    r.xfailed += 1
                else:
                    r.failed += 1  # strict xpass
                    r.failures.append(report.nodeid)
            elif report.passed and report.when == "call":
                r.passed += 1
            elif report.failed:
                if report.when == "call":
                    r.failed += 1
                else:
                    r.errors += 1
                r.failures.append(report.nodeid)
            elif report.skipped:
                r.skipped += 1


def suite_path(project: Project) -> Path:
    local = project.root / "tests" / "rls"
    if local.is_dir():
        return local
    return Path(str(resources.files("toolkit.rls.suite")))


def run_suite(
    database_url: str,
    project: Project,
    *,
    extra_args: Sequence[str] = (),
    workers: int | None = None,
) -> SuiteResult:
    """Run the suite against `database_url`; returns the counts (pytest prints its report)."""
    import pytest

    from toolkit.rls.client import COUNTER

    result = SuiteResult()
    args = [
        str(suite_path(project)),
        f"--mashdb-rls-url={database_url}",
        f"--mashdb-project={project.root}",
        "-p",
        "no:cacheprovider",
        "-q",
        *(["-n", str(workers)] if workers else []),
        *extra_args,
    ]
    before = COUNTER.assertions
    result.exit_code = int(pytest.main(args, plugins=[_Collector(result)]))
    result.assertions = COUNTER.assertions - before
    return result
