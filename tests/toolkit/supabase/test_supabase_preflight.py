"""The privilege pre-flight agrees with PostgreSQL, statement by statement, as `postgres`.

Each case is checked twice on the Supabase-faithful database: the pre-flight's verdict
(refused, and what it names), then the statement really run (in a transaction that is
rolled back): a refused statement fails with 42501, an accepted one runs.
"""

from __future__ import annotations

import pglast
import psycopg
import pytest
from supabase_kit import SupabaseDb

from toolkit import preflight
from toolkit.db import connect

SETUP = (
    "create function public.on_signup() returns trigger language plpgsql as "
    "$$ begin return new; end $$"
)

# (statement, what the refusal names; None when postgres may run it)
CASES = [
    ("alter table auth.users add column nickname text", "ownership of auth.users"),
    ("create index users_email_idx on auth.users (email)", "ownership of auth.users"),
    ("comment on table auth.users is 'x'", "ownership of auth.users"),
    ("comment on column auth.users.email is 'x'", "ownership of auth.users"),
    ("create policy p on auth.users for select using (true)", "ownership of auth.users"),
    ("drop function auth.uid()", "ownership of function auth.uid()"),
    ("comment on function auth.uid() is 'x'", "ownership of function auth.uid()"),
    (
        "create or replace function auth.uid() returns uuid language sql "
        "as $$ select null::uuid $$",
        "ownership of function auth.uid()",
    ),
    ("drop schema auth", "ownership of schema auth"),
    ("comment on schema auth is 'x'", "ownership of schema auth"),
    ("create table auth.mine (id int)", "CREATE privilege on schema auth"),
    (
        "create function auth.mine() returns int language sql as $$ select 1 $$",
        "CREATE privilege on schema auth",
    ),
    ("create view auth.mine as select 1 as one", "CREATE privilege on schema auth"),
    ("create extension vector", "privilege to create extension vector"),
    (
        "do $$ begin create extension if not exists vector; end $$",
        "privilege to create extension vector",
    ),
    # what postgres may do on Supabase
    (
        "create trigger t after insert on auth.users for each row "
        "execute function public.on_signup()",
        None,
    ),
    ("create table public.mine (id uuid references auth.users (id))", None),
    ("create table public.mine (id int)", None),
    ("create schema app", None),
    ("drop trigger if exists never_created on auth.users", None),
    ("drop table if exists public.never_created", None),
    ("alter table if exists public.never_created add column x int", None),
    ("create function public.mine() returns int language sql as $$ select 1 $$", None),
]


@pytest.mark.parametrize(("statement", "names"), CASES, ids=[c[0][:40] for c in CASES])
def test_preflight_verdict_matches_the_server(
    supabase_db: SupabaseDb, statement: str, names: str | None
) -> None:
    with connect(supabase_db.url) as conn:
        conn.execute(SETUP)
        node = pglast.parse_sql(statement)[0].stmt
        report = preflight.check(conn, [preflight.Statement("case.sql:1", statement, node)])
        refusals = [r.line for r in report.refusals]
        if names is None:
            assert refusals == []
        else:
            assert len(refusals) == 1 and names in refusals[0], refusals
            assert refusals[0].startswith("case.sql:1: ")
        sqlstate = ""
        try:
            with conn.transaction():
                conn.execute(statement)
                raise _Undo
        except psycopg.Error as exc:
            sqlstate = exc.sqlstate or ""
        except _Undo:
            pass
    assert sqlstate == ("42501" if names else "")


def test_an_object_dropped_earlier_in_the_plan_is_gone_for_later_statements(
    supabase_db: SupabaseDb,
) -> None:
    with connect(supabase_db.url) as conn:
        conn.execute(SETUP)
        conn.execute(
            "create trigger t after insert on auth.users for each row "
            "execute function public.on_signup()"
        )
        plan = [
            "drop function public.on_signup() cascade",  # takes the trigger on auth.users
            "drop trigger if exists t on auth.users",
        ]
        planned = [
            preflight.Statement(f"plan.sql:{i}", s, pglast.parse_sql(s)[0].stmt)
            for i, s in enumerate(plan, 1)
        ]
        assert preflight.check(conn, planned).refusals == []
        alone = preflight.check(conn, planned[1:]).refusals
        assert [r.where for r in alone] == ["plan.sql:2"]
        with conn.transaction():  # and PostgreSQL agrees: this order runs as postgres
            for statement in plan:
                conn.execute(statement)


def test_a_superuser_is_never_refused(supabase_db: SupabaseDb) -> None:
    with connect(supabase_db.admin_url) as conn:
        planned = [
            preflight.Statement("case.sql:1", s, pglast.parse_sql(s)[0].stmt)
            for s, names in CASES
            if names
        ]
        assert preflight.check(conn, planned).refusals == []


class _Undo(Exception):
    """Rolls the case's transaction back after a statement that ran."""
