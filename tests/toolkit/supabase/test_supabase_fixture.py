"""The Supabase-faithful database is as strict as Supabase: each fact, both sides."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest
from supabase_kit import REPO, SupabaseDb

from toolkit.db import Target, connect
from toolkit.project import Project
from toolkit.status import get_status


def _one(url: str, sql: str) -> object:
    with connect(url) as conn:
        return conn.execute(sql).fetchone()[0]


def _refused(url: str, sql: str) -> str:
    """Run `sql` as the URL's role; return the SQLSTATE it fails with ('' when it runs)."""
    with connect(url) as conn:
        try:
            conn.execute(sql)
        except psycopg.Error as exc:
            return exc.sqlstate or ""
    return ""


def test_postgres_is_a_demoted_role_with_admin_option_on_the_api_roles(
    supabase_db: SupabaseDb,
) -> None:
    attrs = _one(
        supabase_db.admin_url,
        "select row(rolsuper, rolcreatedb, rolcreaterole, rolcanlogin, rolreplication, "
        "rolbypassrls)::text from pg_roles where rolname = 'postgres'",
    )
    assert attrs == "(f,t,t,t,t,t)"
    assert _one(supabase_db.url, "select current_user") == "postgres"
    superuser = "select usesuper from pg_user where usename = current_user"
    assert _one(supabase_db.url, superuser) is False
    admin = _one(
        supabase_db.admin_url,
        "select array_agg(r.rolname order by r.rolname)::text from pg_auth_members m "
        "join pg_roles r on r.oid = m.roleid where m.member = 'postgres'::regrole "
        "and m.admin_option",
    )
    assert admin == "{anon,authenticated,service_role}"
    for platform_role in ("supabase_auth_admin", "supabase_storage_admin"):
        assert (
            _one(supabase_db.url, f"select pg_has_role('postgres', '{platform_role}', 'member')")
            is False
        )
    # the bootstrap superuser is supabase_admin, and postgres cannot make itself superuser
    assert _one(supabase_db.admin_url, "select rolname from pg_roles where oid = 10") == (
        "supabase_admin"
    )
    assert _refused(supabase_db.url, "alter role postgres superuser") == "42501"


def test_auth_users_belongs_to_the_auth_service_and_has_rls(supabase_db: SupabaseDb) -> None:
    owners = _one(
        supabase_db.url,
        "select n.nspowner::regrole::text || ',' || c.relowner::regrole::text || ',' "
        "|| c.relrowsecurity::text from pg_class c join pg_namespace n on n.oid = c.relnamespace "
        "where c.oid = 'auth.users'::regclass",
    )
    assert owners == "supabase_auth_admin,supabase_auth_admin,true"
    # postgres reads auth.users (it holds the table privileges) but may not change its RLS,
    # nor create anything in schema auth
    assert _one(supabase_db.url, "select count(*) from auth.users") == 0
    assert _refused(supabase_db.url, "alter table auth.users disable row level security") == (
        "42501"
    )
    assert _refused(supabase_db.url, "create table auth.mine (id int)") == "42501"
    assert _refused(supabase_db.url, "create table public.mine (id int)") == ""


def test_service_role_has_no_privilege_on_auth_users(supabase_db: SupabaseDb) -> None:
    sql = "set role service_role; select count(*) from auth.users"
    assert _refused(supabase_db.url, sql) == "42501"
    assert _refused(supabase_db.url, "set role service_role; select auth.uid()") == ""
    assert (
        _one(
            supabase_db.url,
            "select count(*) from information_schema.role_table_grants where table_schema = 'auth' "
            "and table_name = 'users' and grantee in ('anon', 'authenticated', 'service_role')",
        )
        == 0
    )


def test_postgres_creates_a_trigger_on_auth_users_but_cannot_drop_it(
    supabase_db: SupabaseDb,
) -> None:
    with connect(supabase_db.url) as conn:
        conn.execute(
            "create function public.on_signup() returns trigger language plpgsql as "
            "$$ begin return new; end $$"
        )
        conn.execute(
            "create trigger on_signup after insert on auth.users "
            "for each row execute function public.on_signup()"
        )
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="must be owner"):
            conn.execute("drop trigger on_signup on auth.users")
    assert (
        _one(
            supabase_db.url,
            "select count(*) from pg_trigger where tgrelid = 'auth.users'::regclass "
            "and tgname = 'on_signup'",
        )
        == 1
    )


def test_session_replication_role_is_superuser_only(supabase_db: SupabaseDb) -> None:
    assert _refused(supabase_db.url, "set session_replication_role = replica") == "42501"
    assert _refused(supabase_db.admin_url, "set session_replication_role = replica") == ""


def test_vector_needs_the_platform_to_install_it(
    supabase_project: Callable[..., SupabaseDb],
) -> None:
    bare = supabase_project()
    assert _refused(bare.url, "create extension vector") == "42501"
    assert _refused(bare.url, "create extension vector schema extensions") == "42501"
    enabled = supabase_project(extensions=("vector",))
    assert (
        _one(
            enabled.url,
            "select extnamespace::regnamespace::text from pg_extension where extname = 'vector'",
        )
        == "extensions"
    )
    # on postgres's search path, so the type resolves unqualified
    assert _one(enabled.url, "select vector_dims('[1,2,3]'::vector)") == 3


def test_extensions_schema_and_api_role_timeouts(supabase_db: SupabaseDb) -> None:
    assert _one(supabase_db.url, "show search_path") == '"$user", public, extensions'
    timeouts = _one(
        supabase_db.admin_url,
        "select string_agg(r.rolname || '=' || s.setting, ',' order by r.rolname) "
        "from pg_db_role_setting d join pg_roles r on r.oid = d.setrole, "
        "unnest(d.setconfig) as s (setting) where s.setting like 'statement_timeout=%'",
    )
    assert timeouts == "anon=statement_timeout=3s,authenticated=statement_timeout=8s"


def test_default_privileges_in_public_grant_the_api_roles(supabase_db: SupabaseDb) -> None:
    with connect(supabase_db.url) as conn:
        conn.execute("create table public.fresh (id int)")
        grantees = conn.execute(
            "select string_agg(distinct grantee, ',' order by grantee) "
            "from information_schema.role_table_grants where table_name = 'fresh'"
        ).fetchone()[0]
    assert grantees == "anon,authenticated,postgres,service_role"


def test_supabase_cli_history_table(supabase_db: SupabaseDb) -> None:
    columns = _one(
        supabase_db.url,
        "select string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' "
        "order by attnum) from pg_attribute where attrelid = "
        "'supabase_migrations.schema_migrations'::regclass and attnum > 0",
    )
    assert columns == "version text, statements text[], name text"
    assert (
        _one(
            supabase_db.url,
            "select a.attname from pg_index i join pg_attribute a on a.attrelid = i.indrelid "
            "and a.attnum = any(i.indkey) where i.indrelid = "
            "'supabase_migrations.schema_migrations'::regclass and i.indisprimary",
        )
        == "version"
    )


def test_auth_service_signs_users_up(supabase_db: SupabaseDb) -> None:
    auth = supabase_db.as_role("supabase_auth_admin")
    with connect(auth) as conn:
        conn.execute("insert into auth.users (id, email) values (gen_random_uuid(), 'a@x.test')")
    assert _one(supabase_db.url, "select count(*) from auth.users") == 1


def test_migrated_database_is_at_head_and_owned_by_postgres(
    supabase_project: Callable[..., SupabaseDb],
) -> None:
    made = supabase_project(migrated=True)
    status = get_status(Target(made.url, "--database-url"), Project(REPO))
    assert status.up_to_date and status.current == status.head
    assert status.bootstrap.state == "platform"  # auth.uid() is Supabase's: no bootstrap
    assert (
        _one(
            made.url,
            "select relowner::regrole::text from pg_class where oid = 'public.profiles'::regclass",
        )
        == "postgres"
    )
    # a second call is a fresh clone, not the same database
    assert supabase_project(migrated=True).name != made.name
