"""The Supabase contract: applied on plain PostgreSQL, skipped where the platform has it."""

from __future__ import annotations

import uuid

from helpers import REPO, exists, query, target

from toolkit import engine, status
from toolkit.db import connect


def test_plain_postgres_gets_the_bootstrap(empty_db, repo_project):
    before = status.get_status(target(empty_db), repo_project)
    assert before.bootstrap.state == "pending"
    result = engine.migrate(target(empty_db), repo_project, to="0001")
    assert result.steps[0].step.kind == "bootstrap"
    assert status.get_status(target(empty_db), repo_project).bootstrap.state == "applied"
    roles = dict(
        query(
            empty_db,
            "select rolname, rolbypassrls from pg_roles where rolname in "
            "('anon','authenticated','service_role','authenticator')",
        )
    )
    assert roles == {
        "anon": False,
        "authenticated": False,
        "service_role": True,
        "authenticator": False,
    }
    uid = str(uuid.uuid4())
    with connect(empty_db, autocommit=False) as conn:
        conn.execute(
            "select set_config('request.jwt.claims', %s, true)",
            (f'{{"sub": "{uid}", "role": "authenticated"}}',),
        )
        assert str(conn.execute("select auth.uid()").fetchone()[0]) == uid
        assert conn.execute("select auth.role()").fetchone()[0] == "authenticated"
        conn.execute("select set_config('request.jwt.claims', '', true)")
        conn.execute("select set_config('request.jwt.claim.sub', %s, true)", (uid,))
        assert str(conn.execute("select auth.uid()").fetchone()[0]) == uid, "legacy claim.sub"


def test_supabase_shaped_database_skips_the_bootstrap(empty_db, repo_project):
    with connect(empty_db) as conn:
        conn.execute((REPO / "tests/toolkit/fixtures/supabase_auth.sql").read_text())
    assert status.get_status(target(empty_db), repo_project).bootstrap.state == "platform"
    result = engine.migrate(target(empty_db), repo_project)
    assert "bootstrap" not in [s.step.kind for s in result.steps]
    st = status.get_status(target(empty_db), repo_project)
    assert st.bootstrap.state == "platform" and st.up_to_date
    assert not exists(empty_db, "mashdb.repeatables") or not query(
        empty_db, "select 1 from mashdb.repeatables where key = 'bootstrap'"
    )
    # the platform's auth.users keeps its own shape, and our trigger still creates profiles
    uid = uuid.uuid4()
    query(
        empty_db,
        "insert into auth.users (id, email, raw_user_meta_data) "
        "values (%s, 'a@example.com', '{\"username\": \"dj_a\"}')",
        (uid,),
    )
    assert query(empty_db, "select username from public.profiles where id = %s", (uid,)) == [
        ("dj_a",)
    ]
    assert (
        query(
            empty_db,
            "select count(*) from information_schema.columns where "
            "table_schema = 'auth' and table_name = 'users'",
        )[0][0]
        == 35
    )
