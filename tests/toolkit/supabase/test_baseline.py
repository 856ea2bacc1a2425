"""`mashdb baseline`: adopting a database whose migrations another tool applied."""

from __future__ import annotations

import json

import pytest
from adoption import applied_by_another_tool, stamped
from helpers import exists, query, target

from toolkit import baseline, catalog, engine, status
from toolkit.db import connect
from toolkit.errors import BaselineRefused, MigrationFailed, UsageError
from toolkit.migrations import load_migrations


def public_snapshot(url: str) -> dict[str, dict[str, catalog.Entry]]:
    """The catalog restricted to schema public (the platform's auth schema differs)."""
    with connect(url) as conn:
        snap = catalog.snapshot(conn)
    return {
        kind: {k: e for k, e in entries.items() if "public." in k}
        for kind, entries in snap.objects.items()
        if kind != "comments"
    }


def test_without_baseline_status_shows_all_pending_and_migrate_fails_42p07(
    empty_db, repo_project
):
    """The failure adoption fixes: applied by another tool, no Supabase history to tell."""
    applied_by_another_tool(empty_db, repo_project, history=False)
    st = status.get_status(target(empty_db), repo_project)
    assert len(st.pending) == len(load_migrations(repo_project)), "all pending"
    with pytest.raises(MigrationFailed, match=r"0001_profiles\.sql:\d+: .*already exists.*42P07"):
        engine.migrate(target(empty_db), repo_project)


def test_with_supabase_history_migrate_refuses_naming_baseline_and_changes_nothing(
    empty_db, repo_project
):
    applied_by_another_tool(empty_db, repo_project)
    st = status.get_status(target(empty_db), repo_project)
    assert len(st.pending) == len(load_migrations(repo_project))
    for dry_run in (True, False):
        with pytest.raises(UsageError, match="0001_profiles \\(as 001_profiles\\).*and 9 more.*"
                           "mashdb baseline --from-supabase"):
            engine.migrate(target(empty_db), repo_project, dry_run=dry_run)
    assert not exists(empty_db, "mashdb._yoyo_migration"), "nothing was created"


def test_from_supabase_adopts_0001_to_0012_then_migrate_converges_to_a_fresh_head(
    empty_db, migrated_db, mashdb_server_url, repo_project
):
    applied_by_another_tool(empty_db, repo_project)
    result = baseline.baseline(
        target(empty_db), repo_project, from_supabase=True, scratch_url=mashdb_server_url
    )
    ids = [m.id for m in load_migrations(repo_project)]
    assert result.marked == tuple(ids[:12]) and result.applied_by == "supabase"
    assert result.matched[0] == ("001_profiles", "0001_profiles") and result.unmatched == ()
    assert result.checked > 100, "tables, columns, constraints, indexes and grants checked"

    st = status.get_status(target(empty_db), repo_project)
    first = st.migrations[0]
    assert (first.state, first.applied_by, first.source_version) == ("applied", "supabase", "001")
    assert st.pending == tuple(ids[12:])
    ran = engine.migrate(target(empty_db), repo_project)
    kinds = {(s.step.kind, s.step.name) for s in ran.steps}
    assert ("migration", "0001_profiles") not in kinds and ("migration", ids[12]) in kinds
    assert ("policy", "policies/profiles.sql") in kinds, "repeatables applied as usual"
    st = status.get_status(target(empty_db), repo_project)
    assert st.up_to_date
    assert {m.applied_by for m in st.migrations[12:]} == {"migrate"}

    adopted, fresh = public_snapshot(empty_db), public_snapshot(migrated_db)
    assert adopted == fresh, "the adopted database converges to a freshly migrated one"


def test_baseline_to_marks_up_to_the_version_and_status_says_baselined(
    empty_db, mashdb_server_url, repo_project
):
    applied_by_another_tool(empty_db, repo_project, upto=5, history=False)
    result = baseline.baseline(
        target(empty_db), repo_project, to="0005", scratch_url=mashdb_server_url
    )
    assert result.marked[-1] == "0005_battles" and len(result.marked) == 5
    assert result.matched == () and result.applied_by == "baseline"
    st = status.get_status(target(empty_db), repo_project)
    assert [m.applied_by for m in st.migrations[:6]] == ["baseline"] * 5 + [None]
    assert st.migrations[5].state == "pending"
    again = baseline.baseline(
        target(empty_db), repo_project, to="0005", scratch_url=mashdb_server_url
    )
    assert again.marked == () and len(again.already_applied) == 5, "idempotent"


def test_baseline_refuses_listing_what_is_missing_or_different_and_changes_nothing(
    empty_db, mashdb_server_url, repo_project
):
    applied_by_another_tool(empty_db, repo_project, upto=3)
    query(empty_db, "alter table public.profiles drop column bio")
    query(empty_db, "drop index public.mashups_creator_id_created_at_idx")
    query(empty_db, "alter table public.mashups disable row level security")
    query(empty_db, "grant insert on public.profiles to anon")
    with pytest.raises(BaselineRefused) as refused:
        baseline.baseline(
            target(empty_db), repo_project, from_supabase=True, scratch_url=mashdb_server_url
        )
    text = str(refused.value)
    assert "nothing was changed" in text
    assert "0001_profiles: column public.profiles.bio is missing" in text
    assert "0002_mashups: index public.mashups_creator_id_created_at_idx is missing" in text
    assert "table public.mashups differs: rls_enabled is False, the migration makes True" in text
    assert (
        "0001_profiles: grant table:public.profiles:anon:INSERT is granted, the migrations do "
        "not grant it" in text
    )
    assert not exists(empty_db, "mashdb._yoyo_migration"), "no bookkeeping created"


def test_from_supabase_matches_timestamp_versions_by_name_and_reports_the_rest(
    empty_db, mashdb_server_url, repo_project
):
    applied_by_another_tool(empty_db, repo_project, upto=4, version=stamped)
    query(
        empty_db,
        "insert into supabase_migrations.schema_migrations (version, name) "
        "values ('20240301000000', 'dashboard_hotfix')",
    )
    result = baseline.baseline(
        target(empty_db), repo_project, from_supabase=True, scratch_url=mashdb_server_url,
        dry_run=True,
    )
    assert result.dry_run and len(result.marked) == 4
    assert result.matched[3] == (f"{stamped(load_migrations(repo_project)[3])}_challenges",
                                 "0004_challenges")
    assert result.unmatched == ("20240301000000_dashboard_hotfix",)
    assert not exists(empty_db, "mashdb._yoyo_migration"), "a dry run marks nothing"


def test_from_supabase_refuses_a_gap_in_the_history(empty_db, mashdb_server_url, repo_project):
    applied_by_another_tool(empty_db, repo_project, upto=3)
    query(empty_db, "delete from supabase_migrations.schema_migrations where version = '002'")
    with pytest.raises(UsageError, match="0002_mashups not in supabase_migrations"):
        baseline.baseline(
            target(empty_db), repo_project, from_supabase=True, scratch_url=mashdb_server_url
        )


def test_baseline_cli_text_and_json(cli, empty_db, mashdb_server_url, repo_project):
    applied_by_another_tool(empty_db, repo_project, upto=2)
    common = ["--project", str(repo_project.root), "baseline", "--database-url", empty_db,
              "--scratch-url", mashdb_server_url]
    dry = cli(*common, "--from-supabase", "--dry-run", "--json")
    assert dry.exit_code == 0, dry.output
    data = json.loads(dry.output)
    assert data["marked"] == ["0001_profiles", "0002_mashups"] and data["dry_run"]
    done = cli(*common, "--from-supabase")
    assert done.exit_code == 0, done.output
    assert "adopted 2 migration(s)" in done.output and "001_profiles → 0001_profiles" in done.output
    shown = cli("--project", str(repo_project.root), "status", "--database-url", empty_db)
    assert "adopted from Supabase 001" in shown.output
    as_json = json.loads(
        cli("--project", str(repo_project.root), "status", "--database-url", empty_db,
            "--json").output
    )
    assert as_json["migrations"][1]["applied_by"] == "supabase"
    assert as_json["migrations"][1]["source_version"] == "002"
    usage = cli(*common)
    assert usage.exit_code == 2 and "give one of --to VERSION or --from-supabase" in usage.output
