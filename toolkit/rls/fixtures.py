"""pytest fixtures and hooks of the RLS suite (registered by toolkit.pytest_plugin).

One database per xdist worker — a clone of the run's migrated template, or the database
given by `--mashdb-rls-url` / MASHDB_RLS_DATABASE_URL (used as is: no CREATE DATABASE,
which is how `mashdb test` runs on a CI branch database) — and one connection per worker.
Every test runs inside a transaction that is rolled back at its end; personas switch with
SET LOCAL ROLE + request.jwt.claims, attempts run in savepoints. No reconnects.

Generated cases: a test that takes the `rls_case` fixture is parametrised with every
case of the matrix (tables x commands x personas, column rules, function callers,
refusals); cases listed under [known_issues] are strict expected failures.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

from toolkit.rls.client import COUNTER, RLSClient, User
from toolkit.rls.matrix import COMMANDS, Matrix, default_path, load

ENV_URL = "MASHDB_RLS_DATABASE_URL"
_CLOCK = {"ready": 0.0}  # when the first RLS database was ready (template build excluded)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("mashdb-rls")
    group.addoption(
        "--mashdb-rls-url",
        default=None,
        help="Run the RLS suite against this (migrated) database as is, instead of a "
        f"clone of the template (also {ENV_URL}). Nothing is committed.",
    )
    group.addoption(
        "--mashdb-rls-exclusive",
        action="store_true",
        default=False,
        help="The --mashdb-rls-url database is this run's alone (one worker, no other "
        "clients): attribute policies (DROP POLICY in savepoints) and run TRUNCATE probes "
        "for real. Without it a given database is treated as shared.",
    )
    group.addoption(
        "--mashdb-rls-matrix",
        default=None,
        help="The access matrix (default: <project>/tests/rls/matrix.toml).",
    )


def _matrix_path(config: pytest.Config) -> Path:
    given = config.getoption("--mashdb-rls-matrix")
    if given:
        return Path(given)
    project = config.getoption("--mashdb-project")
    if project:
        return default_path(Path(project))
    from toolkit.project import find_project

    return default_path(find_project(config.rootpath).root)


@dataclass(frozen=True)
class Case:
    """One generated case of the matrix."""

    kind: str  # cell | column | function | refusal
    key: tuple[str, ...]
    expected: str

    @property
    def id(self) -> str:
        return "-".join(k.replace("public.", "") for k in (self.kind, *self.key))


def matrix_cases(matrix: Matrix) -> list[Case]:
    cases = []
    for t in matrix.tables.values():
        for c in COMMANDS:
            for p in t.personas:
                cases.append(Case("cell", (t.name, c, p), t.expected(c, p)))
        for rule in t.columns:
            for p, word in rule.update.items():
                cases.append(Case("column", (t.name, rule.column, p), word))
    for f in matrix.functions.values():
        for p, word in f.callers.items():
            cases.append(Case("function", (f.name, p), word))
        for i, r in enumerate(f.refusals):
            cases.append(Case("refusal", (f.name, str(i)), r.expect))
    return cases


def _issue_key(case: Case) -> str | None:
    if case.kind == "cell":
        return ":".join(case.key)
    if case.kind == "column":
        t, col, p = case.key
        return f"{t}:update.{col}:{p}"
    if case.kind == "function":
        return f"{case.key[0]}:call:{case.key[1]}"
    return None


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "rls_case" not in metafunc.fixturenames:
        return
    matrix = load(_matrix_path(metafunc.config))
    params = []
    for case in matrix_cases(matrix):
        reason = matrix.known_issues.get(_issue_key(case) or "")
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        params.append(pytest.param(case, id=case.id, marks=marks))
    metafunc.parametrize("rls_case", params)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The executed matrix is one session fixture: run all its cases on one xdist worker
    # (with `--dist loadgroup`) instead of executing the whole matrix once per worker.
    group = pytest.mark.xdist_group("mashdb-rls-matrix")
    for item in items:
        if "rls_executed" in getattr(item, "fixturenames", ()):
            item.add_marker(group)


# ---------------------------------------------------------------------------------------
# database, connection, transaction


@pytest.fixture(scope="session")
def rls_database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """The worker's database: the given one, else one clone of the migrated template."""
    given = _given_url(request.config)
    if given:
        _CLOCK["ready"] = _CLOCK["ready"] or time.perf_counter()
        yield given
        return
    from toolkit import db, testdb
    from toolkit.pytest_plugin import db_name

    env = request.getfixturevalue("mashdb_env")
    url = testdb.clone(env.server_url, env.template)
    _CLOCK["ready"] = _CLOCK["ready"] or time.perf_counter()
    yield url
    db.drop_database(env.server_url, db_name(url))


def _given_url(config: pytest.Config) -> str | None:
    return config.getoption("--mashdb-rls-url") or os.environ.get(ENV_URL)


@pytest.fixture(scope="session")
def rls_exclusive(pytestconfig: pytest.Config) -> bool:
    """Whether the run has its database to itself: its own clone, or a given database with
    --mashdb-rls-exclusive. Only then may it take ACCESS EXCLUSIVE locks (policy
    attribution, real TRUNCATE probes); a shared database gets lock-free equivalents."""
    return not _given_url(pytestconfig) or pytestconfig.getoption("--mashdb-rls-exclusive")


@pytest.fixture(scope="session")
def rls_connection(rls_database_url: str) -> Iterator[psycopg.Connection]:
    """One autocommit connection per worker; tests open (and roll back) their transactions."""
    conn = psycopg.connect(rls_database_url, autocommit=True, application_name="mashdb-rls")
    yield conn
    conn.close()


@pytest.fixture(scope="session")
def rls_matrix(pytestconfig: pytest.Config) -> Matrix:
    """The project's access matrix."""
    return load(_matrix_path(pytestconfig))


@pytest.fixture(scope="session")
def rls_executed(
    rls_connection: psycopg.Connection, rls_matrix: Matrix, rls_exclusive: bool
) -> Any:
    """The executed matrix, computed once per worker; with policy attribution when the
    run has its database to itself (`rls_exclusive`)."""
    from toolkit.rls.executed import execute_matrix

    return execute_matrix(
        rls_connection,
        rls_matrix,
        attribute=rls_exclusive,
        shared=not rls_exclusive,
        counter=COUNTER,
    )


@pytest.fixture
def rls(rls_connection: psycopg.Connection) -> Iterator[RLSClient]:
    """An RLS client inside a transaction that is rolled back when the test ends."""
    with rls_connection.transaction(force_rollback=True):
        yield RLSClient(rls_connection, COUNTER)


@pytest.fixture
def make_user(rls: RLSClient) -> Any:
    """`make_user(label="", email=None, metadata=None)` -> User (auth.users row + profile)."""
    return rls.make_user


@pytest.fixture
def as_user(rls: RLSClient) -> Any:
    """`with as_user(user): ...` — authenticated, with the user's JWT claims."""
    return rls.as_user


@pytest.fixture
def as_anon(rls: RLSClient) -> Any:
    """`with as_anon(): ...`"""
    return rls.as_anon


@pytest.fixture
def as_service_role(rls: RLSClient) -> Any:
    """`with as_service_role(): ...`"""
    return rls.as_service_role


__all__ = ["Case", "User", "matrix_cases"]


# ---------------------------------------------------------------------------------------
# reporting: assertions and assertions per second


def pytest_sessionstart(session: pytest.Session) -> None:
    _CLOCK["session"] = time.perf_counter()


def pytest_sessionfinish(session: pytest.Session) -> None:
    out = getattr(session.config, "workeroutput", None)
    if out is not None:
        out["rls_assertions"] = COUNTER.assertions
        out["rls_attempts"] = COUNTER.attempts


@pytest.hookimpl(optionalhook=True)  # an xdist hook: fine without xdist
def pytest_testnodedown(node: Any, error: Any) -> None:
    out = getattr(node, "workeroutput", {}) or {}
    COUNTER.assertion(int(out.get("rls_assertions", 0)))
    COUNTER.attempts += int(out.get("rls_attempts", 0))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not COUNTER.assertions:
        return
    config = terminalreporter.config
    if _given_url(config) and not config.getoption("--mashdb-rls-exclusive"):
        terminalreporter.write_line(
            "mashdb rls: shared database: no policy attribution (it drops policies; "
            "`mashdb test --exclusive` on a database nobody else uses), TRUNCATE cases "
            "checked by privilege without locking"
        )
    if not _CLOCK["ready"]:
        # xdist controller: the workers' clocks are not visible here, and the session also
        # ran every other test, so a rate would mislead; `make bench` measures it properly.
        terminalreporter.write_line(
            f"mashdb rls: {COUNTER.assertions} assertions ({COUNTER.attempts} statements "
            "attempted) across the workers; rate: see docs/performance.md (benchmark 3)"
        )
        return
    seconds = time.perf_counter() - _CLOCK["ready"]
    terminalreporter.write_line(
        f"mashdb rls: {COUNTER.assertions} assertions ({COUNTER.attempts} statements attempted) "
        f"in {seconds:.1f}s = {COUNTER.assertions / seconds:.0f} assertions/s"
    )
