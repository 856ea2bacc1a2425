"""Supabase's migration history kept in step with mashdb's bookkeeping."""

from __future__ import annotations

import pytest
from adoption import HISTORY_DDL, applied_by_another_tool
from helpers import REPO, exists, query, target

from toolkit import baseline, engine, status
from toolkit.db import connect
from toolkit.errors import MigrationFailed
from toolkit.migrations import load_migrations


def history(url: str) -> list[tuple[str, str]]:
    return [
        (v, n)
        for v, n in query(
            url, "select version, name from supabase_migrations.schema_migrations order by 1"
        )
    ]


def supabase_project(url: str) -> None:
    """A new Supabase project: the platform's auth schema and an empty CLI history."""
    with connect(url) as conn:
        conn.execute((REPO / "tests/toolkit/fixtures/supabase_auth.sql").read_text())
        conn.execute(HISTORY_DDL)


def test_migrate_and_rollback_record_and_remove_history_rows(empty_db, repo_project):
    supabase_project(empty_db)
    migrations = load_migrations(repo_project)
    engine.migrate(target(empty_db), repo_project)
    assert history(empty_db) == [tuple(m.id.split("_", 1)) for m in migrations]
    statements = query(
        empty_db,
        "select statements from supabase_migrations.schema_migrations where version = '0001'",
    )[0][0]
    assert statements == [s.text for s in migrations[0].apply.statements]

    engine.rollback(target(empty_db), repo_project, steps=2, confirm=lambda losses: True)
    st = status.get_status(target(empty_db), repo_project)
    applied = [m.id.split("_", 1)[0] for m in st.migrations if m.state == "applied"]
    assert [v for v, _ in history(empty_db)] == applied, "the history agrees with status"
    assert applied[-1] == migrations[-3].id.split("_", 1)[0]


def test_the_flag_and_the_setting_turn_it_off(empty_db, project_copy):
    supabase_project(empty_db)
    off = engine.Options(supabase_history=False)
    engine.migrate(target(empty_db), project_copy, to="0002", options=off)
    assert history(empty_db) == []
    (project_copy.root / "mashdb.toml").write_text("[supabase]\nhistory = false\n")
    engine.migrate(target(empty_db), project_copy, to="0003")
    assert history(empty_db) == []
    (project_copy.root / "mashdb.toml").write_text("[supabase]\nhistory = true\n")
    engine.migrate(target(empty_db), project_copy, to="0004")
    assert history(empty_db) == [("0004", "challenges")]


def test_the_cli_flag_turns_it_off(cli, empty_db, repo_project):
    supabase_project(empty_db)
    run = cli(
        "--project", str(repo_project.root), "migrate", "--to", "0001", "--database-url",
        empty_db, "--no-supabase-history",
    )
    assert run.exit_code == 0, run.output
    assert exists(empty_db, "public.profiles") and history(empty_db) == []


def test_a_history_write_that_fails_keeps_nothing_of_its_step(empty_db, repo_project):
    supabase_project(empty_db)
    query(
        empty_db,
        "create function supabase_migrations.refuse() returns trigger language plpgsql as "
        "$$ begin if new.version = '0003' then raise exception 'history is read-only'; end if;"
        " return new; end $$;"
        "create trigger refuse before insert on supabase_migrations.schema_migrations "
        "for each row execute function supabase_migrations.refuse()",
    )
    with pytest.raises(MigrationFailed, match="0003_mashup_social: cannot record it in "
                       "supabase_migrations.schema_migrations: history is read-only"):
        engine.migrate(target(empty_db), repo_project, to="0004")
    st = status.get_status(target(empty_db), repo_project)
    assert st.current == "0002_mashups"
    assert history(empty_db) == [("0001", "profiles"), ("0002", "mashups")]
    assert not exists(empty_db, "public.follows"), "0003's objects were rolled back with it"


def test_rolling_back_adopted_migrations_removes_their_supabase_rows(
    empty_db, mashdb_server_url, repo_project
):
    applied_by_another_tool(empty_db, repo_project, upto=3)
    baseline.baseline(
        target(empty_db), repo_project, from_supabase=True, scratch_url=mashdb_server_url
    )
    engine.migrate(target(empty_db), repo_project, to="0004")
    assert history(empty_db) == [
        ("0004", "challenges"), ("001", "profiles"), ("002", "mashups"), ("003", "mashup_social")
    ]
    engine.rollback(target(empty_db), repo_project, to="0002", confirm=lambda losses: True)
    assert history(empty_db) == [("001", "profiles"), ("002", "mashups")]


def test_baseline_to_records_what_the_history_lacks(empty_db, mashdb_server_url, repo_project):
    applied_by_another_tool(empty_db, repo_project, upto=3)
    query(empty_db, "delete from supabase_migrations.schema_migrations where version = '003'")
    result = baseline.baseline(
        target(empty_db), repo_project, to="0003", scratch_url=mashdb_server_url
    )
    assert result.marked == ("0001_profiles", "0002_mashups", "0003_mashup_social")
    assert history(empty_db) == [("0003", "mashup_social"), ("001", "profiles"), ("002", "mashups")]
    how = [(m.applied_by, m.source_version) for m in status.get_status(
        target(empty_db), repo_project).migrations[:3]]
    assert how == [("baseline", "001"), ("baseline", "002"), ("baseline", None)]


def test_old_bookkeeping_without_the_origin_columns_is_read_and_upgraded(empty_db, repo_project):
    engine.migrate(target(empty_db), repo_project, to="0002")
    query(
        empty_db,
        "alter table mashdb.migration_checksums drop column applied_by, drop column source_version",
    )
    st = status.get_status(target(empty_db), repo_project)
    assert [m.applied_by for m in st.migrations[:3]] == ["migrate", "migrate", None]
    engine.migrate(target(empty_db), repo_project, to="0003")
    columns = query(
        empty_db,
        "select column_name from information_schema.columns where table_schema = 'mashdb' "
        "and table_name = 'migration_checksums' order by ordinal_position",
    )
    assert [c for (c,) in columns][-2:] == ["applied_by", "source_version"]
    engine.rollback(target(empty_db), repo_project, steps=2, confirm=lambda losses: True)
    assert status.get_status(target(empty_db), repo_project).current == "0001_profiles"


def test_reset_forgets_the_history_rows_of_what_it_clears(empty_db, repo_project):
    from toolkit import reset

    supabase_project(empty_db)
    engine.migrate(target(empty_db), repo_project, to="0003")
    query(
        empty_db,
        "insert into supabase_migrations.schema_migrations (version, name) "
        "values ('20990101000000', 'elsewhere')",
    )
    reset.reset(target(empty_db), repo_project, seed=False)
    versions = [v for v, _ in history(empty_db)]
    mine = [m.id.split("_", 1)[0] for m in load_migrations(repo_project)]
    assert versions == sorted(mine + ["20990101000000"]), "rebuilt by the migrate, others kept"
