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
