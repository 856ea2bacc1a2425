"""`mashdb psql` and `mashdb dump`: the wheel's client programs on the target database."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from helpers import REPO, query

from toolkit import embedded
from toolkit.errors import ToolError
from toolkit.pgtools import dump_schema, find_tool, fresh_schema
from toolkit.project import Project


def mashdb(*args: str) -> subprocess.CompletedProcess[str]:
    """`mashdb ARGS` as a real process (psql needs a real terminal-less process)."""
    return subprocess.run(
        [sys.executable, "-m", "toolkit", "--project", str(REPO), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_wheel_ships_psql_and_pg_dump():
    for name in ("psql", "pg_dump"):
        assert find_tool(name).parent == embedded.bin_dir()


def test_a_missing_client_program_is_one_clear_error(tmp_path):
    with pytest.raises(ToolError, match=r"no psql found: .*put a folder holding psql on PATH"):
        find_tool("psql", [tmp_path])


def test_psql_runs_on_the_target_and_passes_arguments_through(migrated_db):
    done = mashdb("psql", "--database-url", migrated_db, "-At", "-c", "select 6 * 7")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "42"


def test_psql_exit_code_is_psqls(migrated_db):
    done = mashdb("psql", "--database-url", migrated_db, "-v", "ON_ERROR_STOP=1", "-c", "x")
    assert done.returncode == 1
    assert 'syntax error at or near "x"' in done.stderr


def test_dump_is_stable_and_leaves_out_bookkeeping_and_volatile_lines(migrated_db):
    first, second = dump_schema(migrated_db), dump_schema(migrated_db)
    assert first == second
    assert "CREATE TABLE public.mashups" in first
    assert "CREATE SCHEMA mashdb" not in first and "-- Dumped by" not in first
    assert "\\restrict" not in first
    assert query(migrated_db, "select to_regnamespace('mashdb') is not null") == [(True,)]


def test_fresh_dump_equals_the_dump_of_a_migrated_database(migrated_db, mashdb_server_url):
    assert fresh_schema(mashdb_server_url, Project(REPO)) == dump_schema(migrated_db)


def test_dump_output_and_check(migrated_db, tmp_path):
    out = tmp_path / "schema.sql"
    out.write_text("stale\n")
    check = mashdb("dump", "--database-url", migrated_db, "--output", str(out), "--check")
    assert check.returncode == 1
    assert "is not current" in check.stdout and out.read_text() == "stale\n"
    wrote = mashdb("dump", "--database-url", migrated_db, "-o", str(out), "--json")
    assert wrote.returncode == 0, wrote.stderr
    assert json.loads(wrote.stdout) == {"output": str(out), "current": False, "changed": True}
    assert out.read_text() == dump_schema(migrated_db)
    again = mashdb("dump", "--database-url", migrated_db, "-o", str(out), "--check")
    assert again.returncode == 0 and "is current" in again.stdout


def test_dump_of_an_unreachable_database_is_one_line(tmp_path):
    url = f"postgresql://nobody@/postgres?host={tmp_path}&port=1"
    done = mashdb("dump", "--database-url", url)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "pg_dump failed on" in done.stderr
