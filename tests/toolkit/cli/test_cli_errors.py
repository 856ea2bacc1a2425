"""Never a traceback: every command against every awkward database and project state.

Each cell runs one `mashdb` command on one situation (an empty database, an unmigrated one,
one behind and one ahead of the files, an unreachable server, a pending migration with a
syntax error or without its rollback) and asserts what a user sees: exit code 0, 1 or 2,
no Python traceback, and when it fails, one `error:` line saying why.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import REPO, query, target

from toolkit import engine, testdb
from toolkit.cli import main
from toolkit.db import create_database, drop_database
from toolkit.project import Project
from toolkit.pytest_plugin import db_name

UNREACHABLE = "postgresql://mashdb@127.0.0.1:9/mashdb?connect_timeout=3"
BROKEN = "9999_broken"


@dataclass
class Situation:
    """A database URL and a project root for one scenario."""

    kind: str
    url: str
    project: Path

    @property
    def newest_file(self) -> str:
        return str(sorted((self.project / "sql" / "migrations").glob("*.sql"))[-1])


def _copy_project(root: Path) -> Path:
    shutil.copytree(REPO / "sql", root / "sql")
    shutil.copytree(REPO / "tests" / "rls", root / "tests" / "rls")  # the access matrix
    for name in (".sqlfluff", ".mashdb-lint.toml"):
        if (REPO / name).exists():
            shutil.copy(REPO / name, root / name)
    return root


def _bad_syntax(project: Path) -> None:
    folder = project / "sql" / "migrations"
    (folder / f"{BROKEN}.sql").write_text("-- 9999_broken: a typo\ncreate tabel oops (id int);\n")
    (folder / f"{BROKEN}.rollback.sql").write_text("-- undo 9999_broken\ndrop table oops;\n")


def _no_rollback(project: Path) -> None:
    folder = project / "sql" / "migrations"
    (folder / f"{BROKEN}.sql").write_text("-- 9999_broken: no rollback\ncreate table oops ();\n")


SCENARIOS = ["empty", "unmigrated", "behind", "ahead", "unreachable", "bad_syntax", "no_rollback"]


def _prepare(kind: str, url: str) -> None:
    """Bring the empty database `url` into the state scenario `kind` starts from."""
    project = Project(REPO)
    if kind == "unmigrated":  # bookkeeping and bootstrap, no migration applied
        engine.migrate(target(url), project, to="0001")
        engine.rollback(target(url), project, steps=1)
    elif kind == "behind":
        engine.migrate(target(url), project, to="0002")
    elif kind == "ahead":  # a migration recorded that the files lack (another branch's)
        query(
            url,
            "insert into mashdb._yoyo_migration (migration_hash, migration_id, applied_at_utc)"
            " values ('ahead', '9998_from_another_branch', now())",
        )


@pytest.fixture(scope="module")
def templates(mashdb_env) -> Iterator[dict[str, str]]:
    """One template database per scenario, built on first use; cells get cheap clones."""
    built: dict[str, str] = {}

    class Lazy(dict):
        def __missing__(self, kind: str) -> str:
            name = testdb.unique_name(f"mashdb_cli_{kind}")
            at_head = kind in ("ahead", "bad_syntax", "no_rollback")  # bad files are pending
            source = mashdb_env.template if at_head else None
            url = create_database(mashdb_env.server_url, name, template=source)
            _prepare(kind, url)
            query(mashdb_env.server_url, f'alter database "{name}" with is_template true')
            built[kind] = self[kind] = name
            return name

    yield Lazy()
    for name in built.values():
        testdb.drop_template(mashdb_env.server_url, name)


@pytest.fixture(params=SCENARIOS)
def situation(request, tmp_path: Path, mashdb_env, templates) -> Iterator[Situation]:
    """One scenario: a database in that state and a project copy to run against."""
    kind = request.param
    project = _copy_project(tmp_path)
    if kind == "bad_syntax":
        _bad_syntax(project)
    elif kind == "no_rollback":
        _no_rollback(project)
    if kind == "unreachable":
        yield Situation(kind, UNREACHABLE, project)
        return
    url = testdb.clone(mashdb_env.server_url, templates[kind])
    yield Situation(kind, url, project)
    drop_database(mashdb_env.server_url, db_name(url))


COMMANDS: dict[str, Callable[[Situation], list[str]]] = {
    "status": lambda s: ["status"],
    "status --json": lambda s: ["status", "--json"],
    "migrate --dry-run": lambda s: ["migrate", "--dry-run"],
    "migrate": lambda s: ["migrate", "--to", "0003"],
    "rollback --dry-run": lambda s: ["rollback", "--dry-run"],
    "rollback": lambda s: ["rollback", "--yes"],
    "repair": lambda s: ["repair"],
    "new": lambda s: ["new", "next_feature"],
    "lint": lambda s: ["lint", "--only", "rls", s.newest_file],
    "review": lambda s: ["review"],
    "policies": lambda s: ["policies", "--format", "json"],
    "server status": lambda s: ["server", "status"],
}


def _check(code: int, stdout: str, stderr: str, exception: BaseException | None = None) -> None:
    """What every cell must show: a documented exit code, no traceback, at most one
    `error:` line, something said when it fails, and no unexpected exception."""
    shown = f"exit {code}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    assert exception is None or isinstance(exception, SystemExit), shown
    assert "Traceback" not in stdout + stderr and "internal error" not in stderr, shown
    assert code in (0, 1, 2), shown
    assert len([line for line in stderr.splitlines() if line.startswith("error:")]) <= 1, shown
    if code != 0:
        assert (stdout + stderr).strip(), shown


FILE_COMMANDS = ("new", "lint", "review", "server status")  # never connect to --database-url
WRITERS = ("migrate --dry-run", "migrate", "rollback --dry-run", "rollback", "repair")


def _expect(kind: str, command: str, code: int, stdout: str, stderr: str) -> None:
    """The cells whose outcome is known: who must refuse, and what they must say."""
    shown = f"exit {code}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    if kind == "unreachable" and command not in FILE_COMMANDS:
        assert code == 1 and "error: cannot connect to" in stderr, shown
    if kind in ("bad_syntax", "no_rollback"):
        if command in WRITERS:
            assert code == 1 and f"error: sql/migrations/{BROKEN}" in stderr, shown
        if command == "status":  # shown as such, and the rest still reported
            assert code == 0 and "invalid" in stdout and f"sql/migrations/{BROKEN}" in stdout
            assert "0001_profiles" in stdout and "applied" in stdout, shown
        if command == "status --json":
            data = json.loads(stdout)
            assert data["invalid"] == [BROKEN] and data["pending"] == [], shown
            assert data["current"] == data["migrations"][-2]["id"], shown
    if kind == "ahead" and command in WRITERS[:-1]:  # repair only records edited checksums
        assert code == 1 and "9998_from_another_branch" in stderr, shown
    if kind not in ("unreachable",) and command == "policies":  # not at the code's head
        assert code == 2 and stderr.startswith("error:"), shown


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_gives_one_clear_line(situation: Situation, command: str) -> None:
    args = ["--project", str(situation.project), "--database-url", situation.url]
    result = CliRunner().invoke(main, [*args, *COMMANDS[command](situation)])
    _check(result.exit_code, result.stdout, result.stderr, result.exception)
    _expect(situation.kind, command, result.exit_code, result.stdout, result.stderr)


def _mashdb(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "toolkit", *args], text=True, timeout=600, **kwargs
    )


def test_the_rls_test_command_gives_one_clear_line(situation: Situation) -> None:
    """`mashdb test` runs pytest in-process, so it gets its own interpreter here; a
    database that is not at the code's head is refused before any test runs."""
    args = ["--project", str(situation.project), "test", "--database-url", situation.url, "-x"]
    run = _mashdb(*args, capture_output=True)
    _check(run.returncode, run.stdout, run.stderr)
    assert run.returncode != 0, run.stdout + run.stderr


def test_rollback_dry_run_on_an_empty_database_creates_nothing(cli, empty_db) -> None:
    schemas = "select count(*) from pg_namespace where nspname = 'mashdb'"
    result = cli("--project", str(REPO), "rollback", "--dry-run", "--database-url", empty_db)
    assert result.exit_code == 2 and "only 0 migration(s) are applied" in result.output
    assert query(empty_db, schemas) == [(0,)]
    real = cli("--project", str(REPO), "rollback", "--database-url", empty_db)
    assert real.exit_code == 2 and query(empty_db, schemas) == [(1,)]


def test_rollback_dry_run_lists_the_steps_and_changes_nothing(cli, migrated_db) -> None:
    before = query(migrated_db, "select migration_id from mashdb._yoyo_migration order by 1")
    result = cli("--project", str(REPO), "rollback", "--dry-run", "--database-url", migrated_db)
    assert result.exit_code == 0 and "1 step(s) would run" in result.output, result.output
    assert (
        query(migrated_db, "select migration_id from mashdb._yoyo_migration order by 1") == before
    )


def test_a_closed_pipe_is_not_an_error(migrated_db) -> None:
    """`mashdb status | head -1`: the reader has gone before anything is written (the read
    end is closed before the process starts), so every write meets a broken pipe."""
    read, write = os.pipe()
    os.close(read)
    try:
        run = _mashdb(
            "--project",
            str(REPO),
            "status",
            "--database-url",
            migrated_db,
            stdout=write,
            stderr=subprocess.PIPE,
        )
    finally:
        os.close(write)
    assert run.returncode == 0 and run.stderr == "", run.stderr
