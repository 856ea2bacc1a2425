"""`mashdb policies` and `mashdb test` from the command line, on a migrated database."""

from __future__ import annotations

import json
import re

from helpers import REPO, mashdb_test, query


def test_policies_json_is_the_executed_matrix(cli, migrated_db):
    result = cli(
        "--project", str(REPO), "policies", "--format", "json", "--database-url", migrated_db
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    xp = data["tables"]["public.xp_transactions"]
    assert xp["select"] == {
        "anon": "denied",
        "owner": "own rows",
        "other": "invisible",
        "service_role": "allowed",
    }
    assert xp["insert"]["owner"] == "denied"
    assert data["functions"]["public.award_xp"]["service_role"] == "allowed"
    assert data["functions"]["public.award_xp"]["owner"] == "denied"
    # executed in a transaction that was rolled back: no probe user is left behind
    assert query(migrated_db, "select count(*) from auth.users") == [(0,)]


def test_policies_table_marks_cells_that_differ_from_the_matrix(cli, migrated_db):
    query(
        migrated_db,
        "create policy leak on public.xp_transactions for select to authenticated using (true)",
    )
    result = cli("--project", str(REPO), "policies", "--database-url", migrated_db)
    assert result.exit_code == 0, result.output
    assert "xp_transactions" in result.output
    assert "!" in result.output  # the widened cells are flagged against tests/rls/matrix.toml


def test_mashdb_test_runs_the_suite_on_a_given_database(migrated_db):
    code, last, _ = mashdb_test(migrated_db)
    assert code == 0, last
    match = re.match(r"(\d+) passed, 0 failed", last)
    assert match and int(match.group(1)) > 500, last
    assert query(migrated_db, "select count(*) from auth.users") == [(0,)]


def test_mashdb_test_fails_when_a_policy_leaks(migrated_db):
    query(
        migrated_db,
        "create policy leak on public.xp_transactions for select to authenticated using (true)",
    )
    code, last, _ = mashdb_test(migrated_db)
    assert code == 1
    assert int(re.search(r"(\d+) failed", last).group(1)) >= 1, last


def test_policies_table_shows_one_table_its_policies_functions_and_column_rules(cli, migrated_db):
    url = ["--database-url", migrated_db]
    result = cli("--project", str(REPO), "policies", "--table", "revenue_splits", *url)
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("public.revenue_splits\n")
    assert "select   denied | invisible | participant rows | own rows | allowed" in out
    assert "revenue_splits_select" in out and "using (" in out
    assert "public.record_revenue(" in out and "SECURITY DEFINER" in out
    assert "total_revenue = 1000000: creator denied" in out
    assert "xp_transactions" not in out
    data = json.loads(
        cli(
            "--project",
            str(REPO),
            "policies",
            "--table",
            "revenue_splits",
            "--format",
            "json",
            *url,
        ).output
    )
    assert data["cells"]["select"]["creator"] == "own rows"


def test_policies_suggest_drafts_a_table_without_probe_rows(cli, migrated_db):
    query(
        migrated_db,
        "create table public.bookmarks (user_id uuid not null references auth.users (id), "
        "mashup_id uuid not null references public.mashups (id), primary key (user_id, mashup_id));"
        "alter table public.bookmarks enable row level security;"
        "revoke all on public.bookmarks from anon, authenticated;"
        "grant select, insert on public.bookmarks to authenticated;"
        "create policy bookmarks_own on public.bookmarks for all to authenticated"
        " using (user_id = (select auth.uid())) with check (user_id = (select auth.uid()));",
    )
    url = ["--database-url", migrated_db]
    result = cli("--project", str(REPO), "policies", "--table", "bookmarks", "--suggest", *url)
    assert result.exit_code == 0, result.output
    assert "-- @bookmarks_owner\ninsert into public.bookmarks (user_id, mashup_id)" in result.output
    assert 'insert   = { anon = "denied", owner = "own rows", other = "own rows"' in result.output
    # the probed tables keep their matrix entry; --suggest shows what was executed
    probed = cli("--project", str(REPO), "policies", "--table", "ai_jobs", "--suggest", *url)
    assert probed.output.startswith('[tables.ai_jobs]\nabout = "Queued AI work.')
    missing = cli("--project", str(REPO), "policies", "--table", "nope", *url)
    assert missing.exit_code == 2 and "no table public.nope" in missing.output
