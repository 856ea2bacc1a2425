"""`mashdb reset`: clear the application schema, migrate to head, seed; refuse a remote
database; leave nothing half-done (toolkit/reset.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

import psycopg
import pytest
from helpers import REPO, exists, query, target
from psycopg.conninfo import make_conninfo

from toolkit import engine, status
from toolkit import reset as reset_lib
from toolkit.db import Target, connect
from toolkit.errors import ConfigError, DriftError, MigrationFailed, ProjectError
from toolkit.migrations import load_migrations
from toolkit.pgtools import dump_schema
from toolkit.project import Project


def mashdb(*args: str, project: Project | None = None) -> subprocess.CompletedProcess[str]:
    root = str(project.root if project else REPO)
    return subprocess.run(
        [sys.executable, "-m", "toolkit", "--project", root, *args],
        capture_output=True,
        text=True,
        timeout=600,
    )


def _scribble(url: str) -> None:
    """What a developer leaves in a database: own objects and rows, and a user."""
    with connect(url) as conn:
        conn.execute("create table public.scratch (id integer primary key)")
        conn.execute("create view public.scratch_view as select id from public.scratch")
        conn.execute("create type public.scratch_mood as enum ('ok')")
        conn.execute(
            "create function public.scratch_fn() returns integer language sql as 'select 1'"
        )
        conn.execute("insert into auth.users (email) values ('dev@example.com')")


@pytest.mark.parametrize(
    ("url", "env", "expected"),
    [
        ("postgresql://u@/db?host=/tmp/pg", {}, None),
        ("postgresql://u@localhost:5432/db", {}, None),
        ("postgresql://u@127.0.0.1/db", {}, None),
        ("postgresql://u@[::1]:5432/db", {}, None),
        ("host=localhost,127.0.0.2 dbname=db", {}, None),
        ("postgresql://u@db.example.com/db", {}, "db.example.com"),
        ("host=localhost,10.0.0.7 dbname=db", {}, "10.0.0.7"),
        ("postgresql://u@localhost/db?hostaddr=10.1.2.3", {}, "10.1.2.3"),
        ("dbname=db", {"PGHOST": "prod.example.com"}, "prod.example.com"),
        ("dbname=db", {"PGHOST": "/var/run/postgresql"}, None),
    ],
)
def test_which_databases_are_local(url: str, env: dict[str, str], expected: str | None) -> None:
    assert reset_lib.local_host(Target(url, "--database-url"), env) == expected


def test_the_embedded_server_is_local() -> None:
    assert reset_lib.local_host(Target("postgresql://x@db.example.com/y", "embedded"), {}) is None


def test_reset_refuses_a_remote_database_without_yes() -> None:
    url = "postgresql://app@db.example.invalid:5432/app"
    refused = mashdb("reset", "--database-url", url)
    assert refused.returncode == 1
    assert refused.stderr.startswith("error: refusing to reset postgresql://app@db.example.invalid")
    assert "host db.example.invalid is not this machine" in refused.stderr
    assert "nothing was changed (pass --yes" in refused.stderr
    # with --yes the guard lets it through: it gets as far as connecting
    forced = mashdb("reset", "--yes", "--database-url", url)
    assert forced.returncode == 1 and "cannot connect to" in forced.stderr


def test_reset_leaves_what_a_fresh_migrate_builds(migrated_db, repo_project) -> None:
    fresh = dump_schema(migrated_db)
    _scribble(migrated_db)
    with connect(migrated_db) as conn:
        conn.execute("create extension if not exists vector")  # extensions stay
    result = reset_lib.reset(target(migrated_db), repo_project, seed=False)
    assert result.seeded is None and result.cleared.auth_users == 1
    assert not exists(migrated_db, "public.scratch")
    assert query(migrated_db, "select count(*) from auth.users") == [(0,)]
    assert dump_schema(migrated_db) == fresh
    st = status.get_status(target(migrated_db), repo_project)
    assert st.bootstrap.state == "applied" and st.up_to_date


def test_reset_works_where_migrate_refuses_drift(migrated_db, repo_project) -> None:
    query(
        migrated_db,
        "update mashdb.migration_checksums set checksum = 'edited' where migration_id = %s",
        ("0002_mashups",),
    )
    with pytest.raises(DriftError):
        engine.migrate(target(migrated_db), repo_project)
    reset_lib.reset(target(migrated_db), repo_project, seed=False)
    st = status.get_status(target(migrated_db), repo_project)
    assert st.up_to_date and not [m for m in st.migrations if m.state != "applied"]


def test_reset_keeps_the_platforms_schemas_on_a_supabase_shaped_database(
    empty_db, repo_project
) -> None:
    with connect(empty_db) as conn:
        conn.execute((REPO / "tests/toolkit/fixtures/supabase_auth.sql").read_text())
        conn.execute("create schema storage")
        conn.execute("create table storage.objects (id integer primary key, name text)")
        conn.execute("insert into storage.objects values (1, 'cover.jpg')")
        conn.execute("create schema extensions")
    reset_lib.reset(target(empty_db), repo_project, seed=False)
    reset_lib.reset(target(empty_db), repo_project)
    assert query(empty_db, "select name from storage.objects") == [("cover.jpg",)]
    assert exists(empty_db, "auth.users") and exists(empty_db, "public.mashups")
    assert query(empty_db, "select to_regnamespace('extensions') is not null") == [(True,)]
    assert query(empty_db, "select count(*) > 0 from public.profiles") == [(True,)]


def test_a_failing_seed_leaves_the_database_at_head_without_seed_data(
    migrated_db, project_copy
) -> None:
    seed = project_copy.sql / "seed.sql"
    seed.write_text(
        "-- a seed whose second statement fails\n"
        "insert into auth.users (email) values ('first@example.com');\n"
        "\n"
        "insert into public.mashups (creator_id, title) values (null, 'orphan');\n"
    )
    with pytest.raises(MigrationFailed) as failed:
        reset_lib.reset(target(migrated_db), project_copy)
    message = str(failed.value)
    assert message.startswith('sql/seed.sql:4: null value in column "creator_id"')
    assert "rolled back: the database is migrated to head and holds no seed data" in message
    assert "`mashdb reset --no-seed`" in message
    assert query(migrated_db, "select count(*) from auth.users") == [(0,)]
    assert status.get_status(target(migrated_db), project_copy).up_to_date


def test_a_bad_project_file_fails_before_anything_is_dropped(migrated_db, project_copy) -> None:
    _scribble(migrated_db)
    (project_copy.migrations_dir / "0999_broken.sql").write_text("-- no rollback file\n")
    with pytest.raises(ProjectError):
        reset_lib.reset(target(migrated_db), project_copy)
    assert exists(migrated_db, "public.scratch")
    assert query(migrated_db, "select count(*) from auth.users") == [(1,)]


def test_a_missing_seed_file_is_a_clear_error_before_anything_is_dropped(
    migrated_db, project_copy
) -> None:
    _scribble(migrated_db)
    (project_copy.sql / "seed.sql").unlink()
    with pytest.raises(ConfigError, match=r"no sql/seed\.sql: .*pass --no-seed"):
        reset_lib.reset(target(migrated_db), project_copy)
    assert exists(migrated_db, "public.scratch")


def test_clearing_is_one_transaction(migrated_db, repo_project) -> None:
    """A table lock held elsewhere makes a drop time out: nothing at all is dropped."""
    _scribble(migrated_db)
    holder = psycopg.connect(migrated_db)
    try:
        holder.execute("lock table public.tier_limits in access share mode")
        with pytest.raises(
            MigrationFailed, match=r"nothing was changed\n  hint: another session holds a lock"
        ):
            reset_lib.reset(
                target(migrated_db), repo_project, options=engine.Options(lock_timeout="200ms")
            )
    finally:
        holder.close()
    assert exists(migrated_db, "public.scratch") and exists(migrated_db, "public.mashups")
    assert query(migrated_db, "select count(*) from auth.users") == [(1,)]
    assert status.get_status(target(migrated_db), repo_project).up_to_date


def test_reset_command_shows_progress_and_prints_json(migrated_db) -> None:
    done = mashdb("reset", "--no-seed", "--json", "--database-url", migrated_db)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["seed"] is None and report["cleared"]["schemas"] == ["public"]
    assert report["migrated"]["after"] == load_migrations(Project(REPO))[-1].id
    for phase in ("clearing", "migrating to head"):
        assert phase in done.stderr


def test_reset_needs_a_role_that_owns_the_objects(migrated_db, repo_project) -> None:
    """A role that does not own public's objects is refused by PostgreSQL at the first
    drop: one clear line, and nothing of the clearing is kept."""
    role = f"reset_probe_{uuid.uuid4().hex[:12]}"
    query(migrated_db, f"create role {role} login")
    try:
        url = make_conninfo(migrated_db, user=role)
        with pytest.raises(MigrationFailed, match=r"SQLSTATE 42501\); nothing was changed"):
            reset_lib.reset(target(url), repo_project, seed=False)
        assert exists(migrated_db, "public.mashups")
    finally:
        query(migrated_db, f"drop role {role}")


def test_reset_builds_a_never_migrated_database(empty_db) -> None:
    done = mashdb("reset", "--database-url", empty_db)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("clearing the application schema")
    assert any("✓ dropped 0 object(s), deleted 0 auth user(s)" in line for line in lines)
    assert any(line.strip().startswith("✓ sql/seed.sql in ") for line in lines)
    assert lines[-1].endswith(f"to {load_migrations(Project(REPO))[-1].id} with sql/seed.sql")
    assert query(empty_db, "select count(*) from auth.users") == [(7,)]
