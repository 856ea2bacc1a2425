"""The command line: scaffolding, help, JSON, and one real subprocess run."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import REPO

from toolkit.migrations import load_migrations
from toolkit.project import Project
from toolkit.testdb import default_base


def test_new_scaffolds_the_next_number_with_rollback(cli, project_copy):
    last = load_migrations(project_copy)[-1]
    result = cli("--project", str(project_copy.root), "new", "Add Playlists!")
    assert result.exit_code == 0, result.output
    number = f"{last.number + 1:04d}"
    apply = project_copy.migrations_dir / f"{number}_add_playlists.sql"
    rollback = project_copy.migrations_dir / f"{number}_add_playlists.rollback.sql"
    assert apply.exists() and rollback.exists()
    assert apply.read_text().startswith(f"-- {number}_add_playlists:")
    assert f"created sql/migrations/{number}_add_playlists.sql" in result.output


def test_new_rejects_a_name_without_letters(cli, project_copy):
    result = cli("--project", str(project_copy.root), "new", "!!!")
    assert result.exit_code == 2
    assert "invalid migration name" in result.output


def test_help_teaches_the_target_order(cli):
    result = cli("--help")
    assert result.exit_code == 0
    assert "--database-url" in result.output and "DATABASE_URL" in result.output
    for command in ("migrate", "rollback", "status", "new", "repair", "server", "lint"):
        assert command in result.output


def test_migrate_dry_run_json_lists_every_step(cli, empty_db):
    result = cli(
        "--project", str(REPO), "migrate", "--dry-run", "--json", "--database-url", empty_db
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["dry_run"] is True and data["before"] is None
    names = [s["name"] for s in data["steps"]]
    assert names[0] == "sql/bootstrap"
    assert [n for n in names if n[:1].isdigit()] == [m.id for m in load_migrations_repo()]


def load_migrations_repo():
    from toolkit.project import Project

    return load_migrations(Project(REPO))


def test_real_subprocess_migrate_and_status(empty_db):
    cmd = [sys.executable, "-m", "toolkit", "--project", str(REPO)]
    first = subprocess.run(
        [*cmd, "migrate", "--database-url", empty_db], capture_output=True, text=True, timeout=300
    )
    assert first.returncode == 0, first.stderr
    assert "✓ apply     migration 0001_profiles" in first.stdout
    assert "migrated empty →" in first.stdout
    st = subprocess.run(
        [*cmd, "status", "--json", "--database-url", empty_db],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert st.returncode == 0, st.stderr
    assert json.loads(st.stdout)["up_to_date"] is True


@pytest.fixture
def outside_project() -> Iterator[Project]:
    """A copy of this project outside pytest's basetemp: when run as root the embedded server
    runs as another user, and pytest resets its basetemp to 0700 whenever any pytest session
    starts, which would shut that user out of a data directory under it mid-test."""
    root = Path(tempfile.mkdtemp(prefix="mashdb-cli-", dir=default_base()))
    root.chmod(0o755)
    shutil.copytree(REPO / "sql", root / "sql")
    try:
        yield Project(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_embedded_default_server_lifecycle(outside_project, monkeypatch):
    """No URL anywhere: the project's own embedded server in .mashdb/pgdata is used."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    project_copy = outside_project
    cmd = [sys.executable, "-m", "toolkit", "--project", str(project_copy.root)]

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*cmd, *args], capture_output=True, text=True, timeout=300)

    try:
        started = run("server", "start")
        assert started.returncode == 0, started.stderr
        assert str(project_copy.state_dir / "pgdata") in started.stdout
        migrated = run("migrate", "--to", "0002")
        assert migrated.returncode == 0, migrated.stderr
        status = json.loads(run("status", "--json").stdout)
        assert status["source"] == "embedded" and status["current"] == "0002_mashups"
        state = json.loads(run("server", "status", "--json").stdout)
        assert state["running"] is True and state["pid"]
    finally:
        stopped = run("server", "stop")
    assert stopped.returncode == 0 and "stopped" in stopped.stdout
    after = run("server", "status")
    assert after.returncode == 1 and "not running" in after.stdout
