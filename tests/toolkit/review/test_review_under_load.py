"""`mashdb review --under-load` end to end on a tiny git project (real PostgreSQL): the
branch's migration is applied to a scratch database with generated rows while the project's
workload runs, and review's findings, exit code and JSON say what it blocked.

No timed assertion decides a verdict by a close margin. The migrations check titles with a
CHECK whose expression sleeps 1 ms per row, so validating it scans the 2 000 generated rows
for at least 2 s:
- inline (`add constraint … check`) that scan runs under ACCESS EXCLUSIVE: every read and
  write of the table waits ≥ 2 s, ten times the default 200 ms threshold — robustly dangerous;
- NOT VALID + VALIDATE (`-- transactional: false`) holds ACCESS EXCLUSIVE only for the
  catalog change, and the same 2 s scan runs under SHARE UPDATE EXCLUSIVE, which no read or
  write waits for; the threshold is raised to 1 500 ms there, so only a machine stall of
  1.5 s in that instant could flag it — robustly safe, while the scan still takes longer
  than the threshold (so "safe" is the lock mode's merit, not a fast scan).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from helpers import REPO
from loop_kit import git
from psycopg.conninfo import make_conninfo

from toolkit import db, engine
from toolkit.db import Target
from toolkit.project import Project

ITEMS = """\
-- items: what the under-load tests lock; each belongs to a user
create table public.items (
  id bigint generated always as identity primary key,
  title text not null,
  owner_id uuid not null references auth.users (id) on delete cascade,
  note text
);
create index items_by_owner on public.items (owner_id);
alter table public.items enable row level security;
"""
WORKLOAD = """\
[[query]]
name = "item read"
sql = "select id, title from public.items where id = %(item)s"
[query.pick]
item = "select id from public.items"

[[query]]
name = "item note write"
sql = "update public.items set note = 'seen' where id = %(item)s"
[query.pick]
item = "select id from public.items"
"""
SLOW_CHECK = "pg_sleep(0.001)::text = '' and length(title) < 500"
INLINE = f"""\
-- items: titles are at most 500 characters (inline CHECK: scans under ACCESS EXCLUSIVE)
alter table public.items
add constraint items_title_length check ({SLOW_CHECK});
"""
NOT_VALID = f"""\
-- items: titles are at most 500 characters (NOT VALID, then VALIDATE without blocking)
-- transactional: false
alter table public.items
add constraint items_title_length check ({SLOW_CHECK}) not valid;

alter table public.items validate constraint items_title_length;
"""
ROLLBACK = "alter table public.items drop constraint items_title_length;\n"
ROWS = "2000"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A git project whose base commit has public.items and the workload file."""
    root = tmp_path / "repo"
    (root / "sql" / "migrations").mkdir(parents=True)
    (root / "tests" / "load").mkdir(parents=True)
    shutil.copytree(REPO / "sql" / "bootstrap", root / "sql" / "bootstrap")
    (root / "sql/migrations/0001_items.sql").write_text(ITEMS)
    (root / "sql/migrations/0001_items.rollback.sql").write_text("drop table public.items;\n")
    (root / "tests/load/workload.toml").write_text(WORKLOAD)
    (root / ".sqlfluff").write_bytes((REPO / ".sqlfluff").read_bytes())
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "base")
    return Project(root)


def branch(project: Project, text: str) -> None:
    (project.migrations_dir / "0002_items_title.sql").write_text(text)
    (project.migrations_dir / "0002_items_title.rollback.sql").write_text(ROLLBACK)


@pytest.fixture
def target(project: Project, mashdb_server_url: str) -> Iterator[str]:
    """The user's database: the base migrated, with rows of its own."""
    name = f"under_load_target_{uuid.uuid4().hex[:8]}"
    url = db.create_database(mashdb_server_url, name)
    engine.migrate(Target(url, "test"), project)
    with db.connect(url) as conn:
        conn.execute("insert into auth.users (id, email) values (gen_random_uuid(), 'a@t.test')")
        conn.execute("insert into public.items (owner_id, title)"
                     " select id, 'mine ' || g from auth.users, generate_series(1, 7) as g")
    yield url
    db.drop_database(mashdb_server_url, name)


def review(cli: Callable[..., Result], project: Project, url: str, *args: str) -> Result:
    return cli("--project", str(project.root), "review", "--base", "main",
               "--database-url", url, "--under-load", "--rows", ROWS, *args)


def databases(server_url: str) -> set[str]:
    with db.connect(server_url) as conn:
        return {r[0] for r in conn.execute("select datname from pg_catalog.pg_database")}


def state(url: str) -> tuple:
    """What review must never change in the target: its rows and its catalog of items."""
    with db.connect(url) as conn:
        return conn.execute(
            "select (select count(*) from public.items), (select count(*) from auth.users),"
            " (select string_agg(title || coalesce(note, ''), ',' order by title)"
            "  from public.items),"
            " (select count(*) from pg_catalog.pg_constraint"
            "  where conname = 'items_title_length')"
        ).fetchone()


def test_inline_check_on_a_populated_table_is_dangerous_with_file_line(
    cli, project, target, mashdb_server_url
) -> None:
    branch(project, INLINE)
    before = state(target)
    result = review(cli, project, target, "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    load = [i for i in report["items"] if i["section"] == "load"]
    assert [(i["severity"], i["location"]) for i in load] == [
        ("dangerous", "sql/migrations/0002_items_title.sql:2")
    ]
    assert "blocks reads and writes on items" in load[0]["title"]
    assert "AccessExclusiveLock" in load[0]["detail"]
    under = report["under_load"]
    (migration,) = under["migrations"]
    assert migration["file"] == "sql/migrations/0002_items_title.sql"
    assert migration["longest_wait_ms"] > 200
    assert migration["statements"][0]["locks"] == ["AccessExclusiveLock on items"]
    assert under["scratch_database"] not in databases(mashdb_server_url)
    assert state(target) == before  # the target's rows and catalog are untouched


def test_not_valid_then_validate_is_not_dangerous(cli, project, target, mashdb_server_url):
    branch(project, NOT_VALID)
    before = state(target)
    result = review(cli, project, target, "--format", "json", "--threshold-ms", "1500")
    report = json.loads(result.stdout)
    assert [i for i in report["items"] if i["section"] == "load"] == []
    assert report["summary"]["dangerous"] == 0 and result.exit_code == 0, result.output
    (migration,) = report["under_load"]["migrations"]
    add, validate = migration["statements"]
    assert add["location"].endswith(":3") and validate["location"].endswith(":6")
    # outside a transaction the engine sees locks by sampling pg_locks every 5 ms: the 2 s
    # validation is always seen, the catalog-only `not valid` step may be too brief to be
    assert "ShareUpdateExclusiveLock on items" in validate["locks"]
    assert add["max_wait_ms"] < 1500
    assert validate["ms"] > 1500  # the scan outlasts the threshold, yet nobody waited on it
    assert migration["executed"]["item read"] > 0 and migration["executed"]["item note write"] > 0
    assert report["under_load"]["scratch_database"] not in databases(mashdb_server_url)
    assert state(target) == before


def test_json_shape(cli, project, target) -> None:
    branch(project, NOT_VALID)
    report = json.loads(review(cli, project, target, "--format", "json",
                               "--threshold-ms", "1500").stdout)
    under = report["under_load"]
    assert set(under) == {"scratch_database", "rows_per_table", "threshold_ms", "workload",
                          "tables", "migrations", "notes"}
    assert under["rows_per_table"] == 2000 and under["threshold_ms"] == 1500.0
    assert under["workload"] == ["item read", "item note write"]
    assert {"table": "public.items", "rows": 2000, "note": ""} in under["tables"]
    assert {"table": "auth.users", "rows": 2000, "note": ""} in under["tables"]
    (migration,) = under["migrations"]
    assert set(migration) == {"file", "seconds", "longest_wait_ms", "max_wait_ms",
                              "max_latency_ms", "baseline_max_latency_ms", "executed",
                              "statements", "findings", "workload_errors"}
    assert set(migration["statements"][0]) == {"location", "ms", "locks", "max_wait_ms"}
    assert set(migration["max_wait_ms"]) == {"item read", "item note write"}


def test_text_output_has_the_per_statement_table(cli, project, target) -> None:
    branch(project, INLINE)
    result = review(cli, project, target)
    assert result.exit_code == 1
    assert "Migrations under load, executed:" in result.stdout
    row = next(line for line in result.stdout.splitlines()
               if line.strip().startswith("sql/migrations/0002_items_title.sql:2 "))
    assert "AccessExclusive on items" in row


def test_a_migration_failing_on_the_generated_rows_is_dangerous_and_cleaned_up(
    cli, project, target, mashdb_server_url
) -> None:
    # passes on review's empty head database; the generated titles ('r1', 'r2', …) fail it
    branch(project, "-- items: one-letter titles only\n"
                    "alter table public.items add constraint items_title_length"
                    " check (length(title) < 2);\n")
    before = state(target)
    result = review(cli, project, target, "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    (failed,) = [i for i in report["items"] if i["section"] == "load"]
    assert failed["severity"] == "dangerous"
    assert failed["location"] == "sql/migrations/0002_items_title.sql"
    assert failed["title"].endswith("fails when applied to the generated rows")
    assert "SQLSTATE 23514" in failed["detail"]
    assert report["under_load"]["migrations"] == []
    assert report["under_load"]["scratch_database"] not in databases(mashdb_server_url)
    assert state(target) == before


def test_ctrl_c_while_applying_drops_the_scratch_database(project, target, mashdb_server_url):
    branch(project, INLINE)
    proc = subprocess.Popen(
        [sys.executable, "-m", "toolkit", "--project", str(project.root), "review", "--base",
         "main", "--database-url", target, "--under-load", "--rows", ROWS],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=os.environ.copy(),
    )
    scratch = ""
    assert proc.stderr is not None
    for line in proc.stderr:
        if "on scratch database" in line:
            scratch = line.split("on scratch database", 1)[1].split()[0].rstrip("…")
        if "applying sql/migrations/0002_items_title.sql" in line:
            break
    else:
        pytest.fail(f"never reached the migration (exit {proc.wait()})")
    assert scratch in databases(mashdb_server_url)  # it exists while the migration runs
    proc.send_signal(signal.SIGINT)
    rest = proc.stderr.read()
    assert proc.wait(timeout=120) != 0, rest
    assert scratch not in databases(mashdb_server_url)
    assert state(target)[3] == 0  # the constraint never reached the target


def test_refuses_clearly_without_createdb(cli, project, target, mashdb_server_url) -> None:
    branch(project, INLINE)
    role = f"under_load_nocreatedb_{uuid.uuid4().hex[:8]}"
    with db.connect(mashdb_server_url) as conn:
        conn.execute(f"create role {role} login nocreatedb")
    try:
        url = make_conninfo(target, user=role)
        result = cli("--project", str(project.root), "review", "--base", "main",
                     "--database-url", url, "--under-load", "--rows", ROWS)
        assert result.exit_code == 2
        assert "cannot create a scratch database on" in result.stderr
        assert f"as role {role}: permission denied to create database" in result.stderr
        assert "never on the target database itself" in result.stderr
        assert "Traceback" not in result.output
        # nothing left behind by this role (other workers create databases on the same
        # server meanwhile, so the server's whole list is not compared)
        with db.connect(mashdb_server_url) as conn:
            assert conn.execute(
                "select count(*) from pg_catalog.pg_database as d "
                "inner join pg_catalog.pg_roles as r on r.oid = d.datdba "
                "where r.rolname = %s", (role,)).fetchone()[0] == 0
    finally:
        with db.connect(mashdb_server_url) as conn:
            conn.execute(f"drop role {role}")

