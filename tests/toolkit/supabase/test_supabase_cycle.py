"""mashdb's whole cycle as Supabase's non-superuser `postgres`, and the refusals before it.

migrate -> test -> policies -> rollback --all -> migrate on the Supabase-faithful database;
what `postgres` may not do is refused before any step runs (dry runs included), in one line
per statement naming file:line, the privilege and what to do.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from click.testing import Result
from helpers import mashdb_test, query
from psycopg.conninfo import make_conninfo
from supabase_kit import REPO, SupabaseDb

from toolkit import engine
from toolkit.db import Target, connect
from toolkit.errors import MigrationFailed, PrivilegeRefused
from toolkit.project import Project
from toolkit.runner import run_file
from toolkit.sqlfile import read_sql_file

SIGNUP_TRIGGERS = (
    "select count(*) from pg_trigger where tgrelid = 'auth.users'::regclass and not tgisinternal"
)
PUBLIC_TABLES = "select count(*) from pg_tables where schemaname = 'public'"


def _target(url: str) -> Target:
    return Target(url, "--database-url")


def _sign_up(made: SupabaseDb, email: str) -> None:
    """What GoTrue does on sign-up: insert into auth.users as supabase_auth_admin."""
    with connect(made.as_role("supabase_auth_admin")) as conn:
        conn.execute(
            "insert into auth.users (id, email, raw_user_meta_data) "
            'values (gen_random_uuid(), %s, \'{"username": "u"}\')',
            (email,),
        )


def test_whole_cycle_as_postgres(
    supabase_project: Callable[..., SupabaseDb], cli: Callable[..., Result]
) -> None:
    made = supabase_project(extensions=("vector",))
    args = ("--project", str(REPO))

    migrated = cli(*args, "migrate", "--database-url", made.url)
    assert migrated.exit_code == 0, migrated.output
    _sign_up(made, "first@cycle.test")  # the trigger postgres created fires for GoTrue
    assert query(made.url, "select count(*) from public.profiles") == [(1,)]

    code, summary, stderr = mashdb_test(made.url)
    assert code == 0, summary + stderr
    assert summary.endswith(" 0 failed")
    policies = cli(*args, "policies", "--format", "json", "--database-url", made.url)
    assert policies.exit_code == 0, policies.output

    dry = cli(*args, "rollback", "--all", "--dry-run", "--database-url", made.url)
    assert dry.exit_code == 0, dry.output
    assert query(made.url, SIGNUP_TRIGGERS) == [(1,)], "a dry run changes nothing"

    down = cli(*args, "rollback", "--all", "--yes", "--database-url", made.url)
    assert down.exit_code == 0, down.output
    assert query(made.url, SIGNUP_TRIGGERS) == [(0,)]  # gone with its function (CASCADE)
    assert query(made.url, PUBLIC_TABLES) == [(0,)]
    assert query(made.url, "select count(*) from auth.users") == [(1,)], "auth data stays"
    # vector was the platform's (enabled from the dashboard): the rollback leaves it
    assert query(
        made.url,
        "select extnamespace::regnamespace::text from pg_extension where extname = 'vector'",
    ) == [("extensions",)]

    again = cli(*args, "migrate", "--database-url", made.url)
    assert again.exit_code == 0, again.output
    _sign_up(made, "second@cycle.test")
    assert query(made.url, "select count(*) from public.profiles") == [(1,)]
    assert query(made.url, SIGNUP_TRIGGERS) == [(1,)]


def test_migrate_without_vector_is_refused_before_anything_changes(
    supabase_db: SupabaseDb, cli: Callable[..., Result]
) -> None:
    for extra in (("--dry-run",), ()):
        result = cli("--project", str(REPO), "migrate", *extra, "--database-url", supabase_db.url)
        assert result.exit_code == 1
        first = result.output.splitlines()[0]
        assert first.startswith("error: sql/migrations/0018_mashup_embeddings.sql:31: ")
        assert "create extension vector" in first
        assert "needs the privilege to create extension vector" in first
        assert "Dashboard → Database → Extensions" in first
        assert "nothing was changed" in result.output
        # not even mashdb's bookkeeping schema, nor 0001-0017, were created
        assert query(supabase_db.url, "select to_regnamespace('mashdb')") == [(None,)]
        assert query(supabase_db.url, PUBLIC_TABLES) == [(0,)]
    # the other side: once the platform has installed vector, the same migrate passes
    with connect(supabase_db.admin_url) as conn:
        conn.execute("create extension vector schema extensions")
    engine.migrate(_target(supabase_db.url), Project(REPO))
    assert query(supabase_db.url, "select to_regclass('public.mashups') is not null") == [(True,)]


def test_vector_types_resolve_whatever_the_search_path(
    supabase_project: Callable[..., SupabaseDb],
) -> None:
    made = supabase_project(extensions=("vector",))
    narrow = make_conninfo(made.url, options="-c search_path=public")
    with connect(narrow) as conn:  # without mashdb, 0018's vector(1536) would not resolve
        with pytest.raises(psycopg.errors.UndefinedObject):
            conn.execute("select '[1]'::vector")
    engine.migrate(_target(narrow), Project(REPO))
    assert query(
        made.url,
        "select format_type(atttypid, atttypmod) from pg_attribute "
        "where attrelid = 'public.mashups'::regclass and attname = 'embedding'",
    ) == [("vector(1536)",)]
    # the search functions pin their own path: they work for a caller without extensions
    with connect(narrow) as conn:
        conn.execute("set role anon")
        rows = conn.execute(
            "select count(*) from public.match_mashups("
            "(select array_agg(0.1)::real[] from generate_series(1, 1536))::extensions.vector)"
        ).fetchone()
    assert rows == (0,)


def test_a_privileged_role_puts_vector_in_schema_extensions(supabase_db: SupabaseDb) -> None:
    # run as the superuser (what "run as a privileged role" means): 0018 creates vector
    # itself, and mashdb puts it where Supabase keeps extensions, not in public
    engine.migrate(_target(supabase_db.admin_url), Project(REPO), to="0018")
    assert query(
        supabase_db.url,
        "select extnamespace::regnamespace::text from pg_extension where extname = 'vector'",
    ) == [("extensions",)]


def test_a_trigger_on_auth_users_not_removable_by_postgres_is_refused_first(
    supabase_project: Callable[..., SupabaseDb], project_copy: Project
) -> None:
    made = supabase_project(extensions=("vector",))
    audit = project_copy.sql / "functions" / "signup_audit.sql"
    audit.write_text(
        "-- Test only: a second sign-up trigger that calls a function another file owns.\n"
        "-- requires: 0001_profiles\n-- depends: functions/profiles.sql\n\n"
        "create or replace trigger signup_audit after insert on auth.users\n"
        "for each row execute function public.handle_new_user();\n"
    )
    engine.migrate(_target(made.url), project_copy)  # postgres holds TRIGGER: creating works
    assert query(made.url, SIGNUP_TRIGGERS) == [(2,)]

    audit.unlink()  # removing it needs DROP TRIGGER on auth.users: only its owner may
    for dry_run in (True, False):
        with pytest.raises(PrivilegeRefused) as refused:
            engine.migrate(_target(made.url), project_copy, dry_run=dry_run)
        line = str(refused.value).splitlines()[0]
        assert line.startswith(
            "sql/functions/signup_audit.sql: drop trigger if exists signup_audit on auth.users: "
        )
        assert "needs ownership of auth.users (owner supabase_auth_admin)" in line
        assert query(made.url, SIGNUP_TRIGGERS) == [(2,)]
    # and the whole rollback, which would reach the same trigger, is refused as a whole
    with pytest.raises(PrivilegeRefused, match="signup_audit on auth.users"):
        engine.rollback(_target(made.url), project_copy, everything=True, dry_run=True)
    assert query(made.url, PUBLIC_TABLES) != [(0,)]
    # the other side: the trigger's owner-level role (the superuser) removes it
    engine.migrate(_target(made.admin_url), project_copy)
    assert query(made.url, SIGNUP_TRIGGERS) == [(1,)]


def test_a_refused_extension_at_run_time_says_what_to_do(
    supabase_db: SupabaseDb, tmp_path: Path
) -> None:
    path = tmp_path / "enable.sql"
    path.write_text("-- test\ncreate extension vector;\n")
    with connect(supabase_db.url) as conn, pytest.raises(MigrationFailed) as failed:
        run_file(conn, read_sql_file(path, "enable.sql"), settings={})
    text = str(failed.value)
    assert text.startswith('enable.sql:2: permission denied to create extension "vector"')
    assert "Dashboard → Database → Extensions" in text
    assert "bookkeeping" not in text
