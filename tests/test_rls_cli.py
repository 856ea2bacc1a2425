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
