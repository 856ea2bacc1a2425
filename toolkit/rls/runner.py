"""`mashdb test`: run the policy suite with pytest against any migrated database.

Every test runs in a transaction that is rolled back, and the database is used as is
(`--mashdb-rls-url`, no CREATE DATABASE), so this is safe on a CI branch database or a
shared staging database: assertions are about probe rows only, and no table lock
stronger than the probes' row-level statements is taken unless the run is `exclusive`.
A database that is not at the code's migrations is refused first (`require_current`).
Runs the project's tests/rls when it exists (it re-exports the packaged suite), else the
packaged suite (toolkit/rls/suite) with the project's matrix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from toolkit.db import Target
from toolkit.errors import SchemaMismatch, UsageError
from toolkit.project import Project
from toolkit.status import Status, get_status


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


def mismatch(status: Status) -> str | None:
    """One line saying how the database differs from the project's SQL, or None when it is
    at the code's head (every migration applied as on disk, every repeatable current)."""
    where = f"database {status.database}"
    for m in status.migrations:
        if m.state == "invalid":
            return f"cannot compare {where} with the code: {m.problem}"
        if m.state == "drifted":
            return f"{where}: migration {m.id} was applied from another version of its file"
    ahead = [m.id for m in status.migrations if m.state == "missing-file"]
    if ahead:
        return (
            f"{where} is ahead of the code: migration {ahead[0]} is applied but not in "
            f"sql/migrations ({len(ahead)} such)"
        )
    if status.migrations and status.current is None:
        return f"{where} is empty: no migration is applied (head is {status.head}; mashdb migrate)"
    if status.pending:
        return (
            f"{where} is behind the code: migration {status.pending[0]} is not applied "
            f"({len(status.pending)} pending; mashdb migrate)"
        )
    for r in status.repeatables:
        if r.state in ("changed", "pending"):
            return f"{where} is behind the code: sql/{r.key} is {r.state} (mashdb migrate)"
        if r.state == "orphaned":
            return (
                f"{where} differs from the code: sql/{r.key} is applied without its migration "
                "or no longer on disk"
            )
    if status.bootstrap.state in ("changed", "pending"):
        return f"{where} is behind the code: sql/bootstrap is {status.bootstrap.state}"
    return None


def require_current(target: Target, project: Project) -> None:
    """Raise SchemaMismatch (exit code 2) unless the database is at the code's head."""
    line = mismatch(get_status(target, project))
    if line is not None:
        raise SchemaMismatch(line)


def suite_path(project: Project) -> Path:
    """The project's tests/rls when it holds tests, else the packaged suite (a project
    whose tests/rls holds only its matrix, world and probe files runs the packaged one)."""
    local = project.root / "tests" / "rls"
    if any(local.glob("test_*.py")):
        return local
    return Path(str(resources.files("toolkit.rls.suite")))


def run_suite(
    database_url: str,
    project: Project,
    *,
    extra_args: Sequence[str] = (),
    workers: int | None = None,
    exclusive: bool = False,
) -> SuiteResult:
    """Run the suite against `database_url`; returns the counts (pytest prints its report).

    The database is treated as shared (no table lock stronger than the probes' row-level
    statements, no policy attribution) unless `exclusive`: the run has it to itself, on
    one worker, and attributes policies. With `workers`, the executed matrix's cases stay
    on one worker (`--dist loadgroup`) so it is computed once.
    """
    import pytest

    from toolkit.rls.client import COUNTER

    if exclusive and workers and workers > 1:
        raise UsageError(
            "--exclusive takes ACCESS EXCLUSIVE locks (policy attribution): run it without -n"
        )
    result = SuiteResult()
    args = [
        str(suite_path(project)),
        f"--mashdb-rls-url={database_url}",
        f"--mashdb-project={project.root}",
        "-p",
        "no:cacheprovider",
        "-q",
        *(["-n", str(workers), "--dist", "loadgroup"] if workers else []),
        *(["--mashdb-rls-exclusive"] if exclusive else []),
        *extra_args,
    ]
    before = COUNTER.assertions
    result.exit_code = int(pytest.main(args, plugins=[_Collector(result)]))
    result.assertions = COUNTER.assertions - before
    return result
