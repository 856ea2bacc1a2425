"""The local stand-in (sql/bootstrap on plain PostgreSQL) is no more permissive than Supabase
where code could come to depend on it: auth.users, RLS on it, the API roles' timeouts."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
from supabase_kit import SupabaseDb

from toolkit.db import connect


def _facts(url: str) -> dict[str, object]:
    facts: dict[str, object] = {}
    with connect(url) as conn:
        facts["auth.users rls"] = conn.execute(
            "select relrowsecurity from pg_class where oid = 'auth.users'::regclass"
        ).fetchone()[0]
        facts["timeouts"] = conn.execute(
            "select string_agg(r.rolname || ' ' || s.setting, ', ' order by r.rolname) "
            "from pg_db_role_setting d join pg_roles r on r.oid = d.setrole, "
            "unnest(d.setconfig) as s (setting) where s.setting like 'statement_timeout=%' "
            "and r.rolname in ('anon', 'authenticated')"
        ).fetchone()[0]
        for role in ("anon", "authenticated", "service_role"):
            for verb, sql in (
                ("select", "select count(*) from auth.users"),
                ("insert", "insert into auth.users (id) values (gen_random_uuid())"),
                ("profiles", "select count(*) from public.profiles"),
            ):
                try:
                    with conn.transaction(force_rollback=True):
                        conn.execute(f"set local role {role}")
                        conn.execute(sql)
                    facts[f"{role} {verb}"] = "ok"
                except psycopg.Error as exc:
                    facts[f"{role} {verb}"] = exc.sqlstate
    return facts


def test_bootstrap_matches_supabase_on_auth_users_and_timeouts(
    migrated_db: str, supabase_project: Callable[..., SupabaseDb]
) -> None:
    supabase = _facts(supabase_project(migrated=True).url)
    local = _facts(migrated_db)
    assert local == supabase
    # and what they agree on is the strict side, not a shared mistake
    assert supabase["auth.users rls"] is True
    assert supabase["timeouts"] == "anon statement_timeout=3s, authenticated statement_timeout=8s"
    assert {
        supabase[f"{r} {v}"]
        for r in ("anon", "authenticated", "service_role")
        for v in ("select", "insert")
    } == {"42501"}
    assert {supabase[f"{r} profiles"] for r in ("anon", "authenticated", "service_role")} == {"ok"}


# The stand-in's own conveniences on the columns it had before GoTrue's: an id default,
# text email, empty metadata and now() timestamps, which hand-made users in the test suites
# rely on. On Supabase only GoTrue writes users, and it writes these itself.
STAND_IN_CONVENIENCES = {
    ("users", c)
    for c in ("id", "email", "raw_user_meta_data", "raw_app_meta_data", "created_at", "updated_at")
}


def _columns(url: str) -> dict[tuple[str, str], tuple[object, ...]]:
    with connect(url) as conn:
        rows = conn.execute(
            "select table_name, column_name, data_type, character_maximum_length, is_nullable, "
            "column_default, is_generated, generation_expression "
            "from information_schema.columns "
            "where table_schema = 'auth' and table_name in ('users', 'identities')"
        ).fetchall()
    return {(r[0], r[1]): r[2:] for r in rows}


def test_bootstrap_has_gotrues_columns_as_supabase_defines_them(
    migrated_db: str, supabase_project: Callable[..., SupabaseDb]
) -> None:
    supabase = _columns(supabase_project(migrated=True).url)
    local = _columns(migrated_db)
    assert sorted(local) == sorted(supabase)
    differ = sorted(k for k in local if local[k] != supabase[k])
    assert set(differ) <= STAND_IN_CONVENIENCES, differ
    # what GoTrue's lookup trips on is alike on both sides: nullable tokens without default
    for column in ("confirmation_token", "recovery_token", "email_change_token_new"):
        assert local["users", column] == supabase["users", column]
        assert local["users", column][2:4] == ("YES", None)
    assert local["users", "confirmed_at"][4] == "ALWAYS"
