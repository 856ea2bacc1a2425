"""mashdb's pytest plugin (entry point `pytest11`): real PostgreSQL for every test.

A run gets one server — `--mashdb-server-url`, else DATABASE_URL's server, else a throwaway
embedded PostgreSQL — and one template database migrated to head, built lazily by the first
test that needs it (under a file lock, so pytest-xdist workers share it). Each test that
asks for `migrated_db` gets a fresh clone of the template (a file copy, ~tens of ms), never a
re-migration. The controller process drops the template and stops the server at the end.

Installed, the plugin loads into every pytest run of the environment, so it costs nothing
until used: this module imports only pytest and the standard library, the database code is
imported inside the fixtures that need it, and the RLS suite's fixtures (docs/rls.md) are
registered only in a mashdb project (a rootdir at or below a folder with sql/migrations) or
when a `--mashdb-…` option is given.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from toolkit.project import Project

_INFO = "mashdb-env.json"
RLS_FIXTURES = "toolkit.rls.fixtures"


@dataclass(frozen=True)
class TestEnv:
    """The server and template a test run shares."""

    server_url: str
    template: str
    throwaway_root: str | None


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("mashdb")
    group.addoption(
        "--mashdb-server-url",
        default=None,
        help="Server on which to create test databases (default: DATABASE_URL's server, "
        "else a throwaway embedded PostgreSQL).",
    )
    group.addoption(
        "--mashdb-project",
        default=None,
        help="Project root holding sql/ (default: found from the rootdir).",
    )


@pytest.hookimpl(trylast=True)
def pytest_load_initial_conftests(
    early_config: pytest.Config, parser: pytest.Parser, args: list[str]
) -> None:
    """Register the RLS suite's fixtures when this run is a mashdb project's; registering
    them here, before the command line is parsed, keeps their options usable."""
    if uses_mashdb(early_config.rootpath, args):
        early_config.pluginmanager.import_plugin(RLS_FIXTURES)


def uses_mashdb(rootpath: Path, args: list[str]) -> bool:
    """A run uses mashdb when a --mashdb-… option is given or its rootdir is in a project."""
    from toolkit.project import has_project

    return any(a.startswith("--mashdb") for a in args) or has_project(rootpath)


def _shared_root(factory: pytest.TempPathFactory) -> Path:
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def mashdb_project(pytestconfig: pytest.Config) -> Project:
    """The project whose SQL the tests migrate."""
    from toolkit.project import Project, find_project

    given = pytestconfig.getoption("--mashdb-project")
    return Project(Path(given).resolve()) if given else find_project(pytestconfig.rootpath)


@pytest.fixture(scope="session")
def mashdb_env(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory, mashdb_project: Project
) -> TestEnv:
    """Start (or join) the run's server and template database."""
    import fasteners

    from toolkit import testdb

    root = _shared_root(tmp_path_factory)
    info = root / _INFO
    with fasteners.InterProcessLock(str(root / "mashdb-env.lock")):
        if info.exists():
            return TestEnv(**json.loads(info.read_text()))
        server_url = pytestconfig.getoption("--mashdb-server-url") or os.environ.get("DATABASE_URL")
        throwaway = None
        if not server_url:
            throwaway = testdb.ThrowawayServer.start()
            server_url = throwaway.url
        template = testdb.build_template(server_url, mashdb_project)
        env = TestEnv(server_url, template, str(throwaway.root) if throwaway else None)
        info.write_text(json.dumps(env.__dict__))
        return env


def pytest_sessionfinish(session: pytest.Session) -> None:
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory is None:
        return
    info = factory.getbasetemp() / _INFO
    if not info.exists():
        return
    from toolkit import testdb

    env = TestEnv(**json.loads(info.read_text()))
    info.unlink()
    if env.throwaway_root:
        testdb.ThrowawayServer(Path(env.throwaway_root), env.server_url).stop()
    else:
        testdb.drop_template(env.server_url, env.template)


@pytest.fixture(scope="session")
def mashdb_server_url(mashdb_env: TestEnv) -> str:
    """URL of the run's server (maintenance database)."""
    return mashdb_env.server_url


@pytest.fixture
def migrated_db(mashdb_env: TestEnv) -> Iterator[str]:
    """URL of a fresh database at head, cloned from the template; dropped afterwards."""
    from toolkit import db, testdb

    url = testdb.clone(mashdb_env.server_url, mashdb_env.template)
    yield url
    db.drop_database(mashdb_env.server_url, db_name(url))


@pytest.fixture
def empty_db(mashdb_env: TestEnv) -> Iterator[str]:
    """URL of a fresh empty database; dropped afterwards."""
    from toolkit import db, testdb

    url = db.create_database(mashdb_env.server_url, testdb.unique_name("mashdb_empty"))
    yield url
    db.drop_database(mashdb_env.server_url, db_name(url))


def db_name(url: str) -> str:
    """The database name of a URL or conninfo string."""
    from psycopg.conninfo import conninfo_to_dict

    return str(conninfo_to_dict(url)["dbname"])
