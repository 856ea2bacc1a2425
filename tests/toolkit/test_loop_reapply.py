"""`mashdb reapply`: a migration that does not exist on the base branch (not committed
yet, or committed only on this branch) may be edited and re-applied; it is rolled back
with the rollback text recorded when it was applied, in one transaction with the new
apply. status / migrate / rollback call such drift "edited locally" and advise reapply.
A migration that exists on the base stays immutable. Real git repositories, real server."""

from __future__ import annotations

import json

import pytest
from helpers import query
from loop_kit import PLAYLISTS, PLAYLISTS_ROLLBACK, git, make_project, make_repo, write

EDITED = PLAYLISTS.replace(
    "  title text not null\n",
    "  title text not null,\n  is_public boolean not null default false\n",
)
# would fail against the applied version (no such column): proves the recorded one runs
EDITED_ROLLBACK = """\
-- 0002_playlists rollback: drop the new column, then the table.
alter table public.playlists drop column is_public;
drop table public.playlists;
"""
MIGRATION = "sql/migrations/0002_playlists.sql"
ROLLBACK = "sql/migrations/0002_playlists.rollback.sql"


def columns(url: str, table: str) -> list[str]:
    return [
        r[0]
        for r in query(
            url,
            "select column_name from information_schema.columns where table_schema = 'public' "
            "and table_name = %s order by ordinal_position",
            (table,),
        )
    ]


def recorded(url: str, migration: str) -> tuple[str, str | None]:
    return query(
        url,
        "select checksum, rollback_sql from mashdb.migration_checksums where migration_id = %s",
        (migration,),
    )[0]


@pytest.fixture
def branch(tmp_path):
    """The loop project on `main`, checked out on branch `feature`."""
    root = make_repo(tmp_path / "repo")
    git(root, "checkout", "--quiet", "-b", "feature")
    return root


def run(cli, root, url, *args: str):
    return cli("--project", str(root), "--database-url", url, *args)


@pytest.mark.parametrize("committed", [False, True], ids=["uncommitted", "committed-on-branch"])
def test_edit_a_branch_migration_and_reapply(cli, branch, empty_db, committed) -> None:
    write(branch, MIGRATION, PLAYLISTS)
    write(branch, ROLLBACK, PLAYLISTS_ROLLBACK)
    if committed:
        git(branch, "add", ".")
        git(branch, "commit", "--quiet", "-m", "playlists")
    assert run(cli, branch, empty_db, "migrate").exit_code == 0
    assert recorded(empty_db, "0002_playlists")[1] == PLAYLISTS_ROLLBACK
    write(branch, MIGRATION, EDITED)
    write(branch, ROLLBACK, EDITED_ROLLBACK)

    status = run(cli, branch, empty_db, "status")
    assert status.exit_code == 0
    assert "edited locally" in status.output
    assert "run mashdb reapply 0002_playlists" in status.output
    data = json.loads(run(cli, branch, empty_db, "status", "--json").stdout)
    assert data["edited_locally"] == ["0002_playlists"] and data["base"] == "main"

    migrate = run(cli, branch, empty_db, "migrate")
    assert migrate.exit_code == 1
    assert f"{MIGRATION} was edited locally after it was applied (it is not on main)" in (
        migrate.output
    )
    assert "run 'mashdb reapply 0002_playlists'" in migrate.output
    assert "repair" not in migrate.output and "write a new migration" not in migrate.output

    dry = run(cli, branch, empty_db, "reapply", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "rollback  migration 0002_playlists" in dry.output
    assert "apply     migration 0002_playlists" in dry.output
    assert columns(empty_db, "playlists") == ["id", "owner_id", "title"]  # dry: unchanged

    reapplied = run(cli, branch, empty_db, "reapply")
    assert reapplied.exit_code == 0, reapplied.output
    assert "reapplied 0002_playlists" in reapplied.output
    assert columns(empty_db, "playlists") == ["id", "owner_id", "title", "is_public"]
    checksum, rollback_sql = recorded(empty_db, "0002_playlists")
    assert rollback_sql == EDITED_ROLLBACK
    assert json.loads(run(cli, branch, empty_db, "status", "--json").stdout)["up_to_date"]
    # the edited rollback is now the recorded one, and it undoes the edited migration
    assert run(cli, branch, empty_db, "rollback").exit_code == 0
    assert columns(empty_db, "playlists") == []


def test_rollback_of_an_edited_branch_migration_uses_the_recorded_rollback(
    cli, branch, empty_db
) -> None:
    write(branch, MIGRATION, PLAYLISTS)
    write(branch, ROLLBACK, PLAYLISTS_ROLLBACK)
    assert run(cli, branch, empty_db, "migrate").exit_code == 0
    write(branch, MIGRATION, EDITED)
    write(branch, ROLLBACK, EDITED_ROLLBACK)
    rolled = run(cli, branch, empty_db, "rollback")
    assert rolled.exit_code == 0, rolled.output
    assert columns(empty_db, "playlists") == []
    assert run(cli, branch, empty_db, "migrate").exit_code == 0
    assert columns(empty_db, "playlists") == ["id", "owner_id", "title", "is_public"]


def test_a_failing_new_version_leaves_the_applied_one(cli, branch, empty_db) -> None:
    write(branch, MIGRATION, PLAYLISTS)
    write(branch, ROLLBACK, PLAYLISTS_ROLLBACK)
    assert run(cli, branch, empty_db, "migrate").exit_code == 0
    before = recorded(empty_db, "0002_playlists")
    write(branch, MIGRATION, EDITED + "alter table public.no_such_table add column x int;\n")
    failed = run(cli, branch, empty_db, "reapply", "0002")
    assert failed.exit_code == 1
    assert "42P01" in failed.output
    # one transaction: the rollback of the applied version was undone with the failure
    assert columns(empty_db, "playlists") == ["id", "owner_id", "title"]
    assert recorded(empty_db, "0002_playlists") == before
    assert query(empty_db, "select count(*) from pg_policies where tablename = 'notes'") == [(1,)]


def test_a_row_without_recorded_rollback_uses_the_file_and_says_so(cli, branch, empty_db) -> None:
    write(branch, MIGRATION, PLAYLISTS)
    write(branch, ROLLBACK, PLAYLISTS_ROLLBACK)
    assert run(cli, branch, empty_db, "migrate").exit_code == 0
    query(empty_db, "update mashdb.migration_checksums set rollback_sql = null")
    write(branch, MIGRATION, EDITED)
    result = run(cli, branch, empty_db, "reapply", "--json")
    assert result.exit_code == 0, result.output
    notes = json.loads(result.stdout)["notes"]
    assert notes == [
        "0002_playlists: no rollback was recorded when it was applied (before mashdb "
        f"recorded them); rolled back with {ROLLBACK} as it is now"
    ]
    assert columns(empty_db, "playlists") == ["id", "owner_id", "title", "is_public"]


def test_a_migration_on_the_base_stays_immutable(cli, branch, empty_db) -> None:
    assert run(cli, branch, empty_db, "migrate").exit_code == 0
    notes = branch / "sql/migrations/0001_notes.sql"
    notes.write_text(notes.read_text() + "comment on table public.notes is 'edited';\n")
    refused = run(cli, branch, empty_db, "reapply", "0001_notes")
    assert refused.exit_code == 1
    assert (
        "sql/migrations/0001_notes.sql exists on main: a merged migration is immutable"
        in refused.output
    )
    assert query(empty_db, "select obj_description('public.notes'::regclass)") == [(None,)]
    status = run(cli, branch, empty_db, "status")
    assert "drifted" in status.output and "edited locally" not in status.output
    migrate = run(cli, branch, empty_db, "migrate")
    assert migrate.exit_code == 1
    assert "0001_notes.sql was edited after it was applied, and it exists on main" in (
        migrate.output
    )
    assert "reapply" not in migrate.output and "write a new migration" in migrate.output


def test_outside_git_or_without_the_base_one_clear_line(cli, tmp_path, branch, empty_db) -> None:
    plain = make_project(tmp_path / "plain")
    assert run(cli, plain, empty_db, "migrate").exit_code == 0
    outside = run(cli, plain, empty_db, "reapply")
    assert outside.exit_code == 2
    assert "is not in a git repository" in outside.output
    missing = run(cli, branch, empty_db, "reapply", "--base", "origin/nope")
    assert missing.exit_code == 2
    assert "base ref 'origin/nope' not found" in missing.output
    assert "Traceback" not in outside.output + missing.output
