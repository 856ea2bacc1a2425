"""migrate's pre-flight: before anything runs, the SQL about to run is checked with the
RLS lint rules that are errors. A bad pending migration or policy file is refused with
file:line and rule and nothing is applied; a clean one applies; --allow RULE and
--skip-preflight apply anyway and say so (text and --json); the project's ignores hold
here too; and this repository's own sql/ passes."""

from __future__ import annotations

import json

import pytest
from helpers import REPO, exists, query
from loop_kit import PLAYLISTS, PLAYLISTS_ROLLBACK, make_project, write

from toolkit import rls_preflight as preflight
from toolkit.project import Project
from toolkit.status import load_files

MIGRATION = "sql/migrations/0002_playlists.sql"
# no RLS, and the bootstrap's default privileges kept: RLS001 and RLS012 at line 4
UNSAFE = PLAYLISTS.replace("alter table public.playlists enable row level security;\n", "").replace(
    "revoke all on public.playlists from anon, authenticated;\n", ""
)
ALWAYS_TRUE = """\
-- playlists policies: anyone signed in may change any playlist (RLS004).
-- requires: 0002_playlists
create policy playlists_update on public.playlists
for update to authenticated
using (true)
with check (true);
"""


@pytest.fixture(autouse=True)
def preflight_on(monkeypatch) -> None:
    """The suite skips the pre-flight (tests/conftest.py); these tests are about it."""
    monkeypatch.delenv(preflight.SKIP_ENV, raising=False)


@pytest.fixture
def project(tmp_path):
    root = make_project(tmp_path)
    write(root, "sql/migrations/0002_playlists.rollback.sql", PLAYLISTS_ROLLBACK)
    return root


def run(cli, root, url, *args: str):
    return cli("--project", str(root), "--database-url", url, *args)


def applied(url: str) -> list[str]:
    if not exists(url, "mashdb._yoyo_migration"):
        return []
    return [r[0] for r in query(url, "select migration_id from mashdb._yoyo_migration order by 1")]


def test_a_bad_pending_migration_is_refused_with_nothing_applied(cli, project, empty_db) -> None:
    write(project, MIGRATION, UNSAFE)
    refused = run(cli, project, empty_db, "migrate")
    assert refused.exit_code == 1
    assert "pre-flight refused" in refused.output
    assert f"{MIGRATION}:4: RLS001 row level security is disabled on public.playlists" in (
        refused.output
    )
    assert f"{MIGRATION}:4: RLS012 public.playlists keeps maintain, references, trigger" in (
        refused.output
    )
    assert "--allow RLS001 --allow RLS012 (or --skip-preflight)" in refused.output
    # refused before anything ran: not even the bootstrap or the clean 0001 was applied
    assert applied(empty_db) == []
    assert not exists(empty_db, "public.notes")
    dry = run(cli, project, empty_db, "migrate", "--dry-run")
    assert dry.exit_code == 1 and "pre-flight refused" in dry.output


def test_a_clean_pending_migration_applies(cli, project, empty_db) -> None:
    write(project, MIGRATION, PLAYLISTS)
    result = run(cli, project, empty_db, "migrate", "--json")
    assert result.exit_code == 0, result.output
    checked = json.loads(result.stdout)["preflight"]
    assert MIGRATION in checked["checked"] and "sql/policies/notes.sql" in checked["checked"]
    assert (checked["skipped"], checked["allowed"]) == (False, [])
    assert applied(empty_db) == ["0001_notes", "0002_playlists"]
    again = run(cli, project, empty_db, "migrate", "--json")
    assert json.loads(again.stdout)["preflight"] is None  # nothing to run, nothing checked


def test_allow_applies_and_is_reported(cli, project, empty_db) -> None:
    write(project, MIGRATION, UNSAFE)
    partly = run(cli, project, empty_db, "migrate", "--allow", "RLS001")
    assert partly.exit_code == 1 and "RLS012" in partly.output and applied(empty_db) == []
    result = run(cli, project, empty_db, "migrate", "--allow", "RLS001", "--allow", "rls012")
    assert result.exit_code == 0, result.output
    assert (
        f"pre-flight allowed (--allow RLS001 rls012): {MIGRATION}:4: RLS001 row level "
        "security is disabled on public.playlists"
    ) in result.stderr
    assert f"{MIGRATION}:4: RLS012 public.playlists keeps" in result.stderr
    assert applied(empty_db) == ["0001_notes", "0002_playlists"]


def test_skip_preflight_applies_and_is_reported_in_json(cli, project, empty_db) -> None:
    write(project, MIGRATION, UNSAFE)
    result = run(cli, project, empty_db, "migrate", "--skip-preflight", "--json")
    assert result.exit_code == 0, result.output
    checked = json.loads(result.stdout)["preflight"]
    assert checked["skipped"] is True and MIGRATION in checked["checked"]
    assert checked["skipped_by"] == "--skip-preflight"
    text = run(cli, project, empty_db, "rollback", "--yes")
    assert text.exit_code == 0, text.output
    again = run(cli, project, empty_db, "migrate", "--skip-preflight")
    assert "pre-flight skipped (--skip-preflight)" in again.stderr
    assert applied(empty_db) == ["0001_notes", "0002_playlists"]


def test_an_always_true_write_policy_is_refused(cli, project, empty_db) -> None:
    write(project, MIGRATION, PLAYLISTS)
    write(project, "sql/policies/playlists.sql", ALWAYS_TRUE)
    refused = run(cli, project, empty_db, "migrate")
    assert refused.exit_code == 1
    assert "sql/policies/playlists.sql:3: RLS004" in refused.output
    assert applied(empty_db) == []
    allowed = run(cli, project, empty_db, "migrate", "--allow", "RLS004", "--json")
    assert allowed.exit_code == 0, allowed.output
    found = json.loads(allowed.stdout)["preflight"]["allowed"]
    assert [(f["rule_id"], f["path"], f["line"]) for f in found] == [
        ("RLS004", "sql/policies/playlists.sql", 3)
    ]


def test_an_inline_ignore_holds_in_the_preflight(cli, project, empty_db) -> None:
    write(
        project,
        MIGRATION,
        UNSAFE.replace(
            "create table public.playlists (",
            "-- mashdb-lint: ignore RLS001,RLS012 a scratch table the API never serves\n"
            "create table public.playlists (",
        ),
    )
    result = run(cli, project, empty_db, "migrate", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["preflight"]["allowed"] == []


def test_this_repositorys_sql_passes_the_preflight() -> None:
    project = Project(REPO)
    files = load_files(project)
    every = [
        *files.bootstrap,
        *(m.apply for m in files.migrations),
        *(r.file for r in files.repeatables),
    ]
    checked = preflight.check(project, every, every)
    assert checked.allowed == () and not checked.skipped
    assert len(checked.checked) == len(every) > 50


def test_the_environment_skip_is_reported_too(cli, project, empty_db, monkeypatch) -> None:
    write(project, MIGRATION, UNSAFE)
    monkeypatch.setenv(preflight.SKIP_ENV, "1")
    result = run(cli, project, empty_db, "migrate")
    assert result.exit_code == 0, result.output
    assert "pre-flight skipped (MASHDB_SKIP_PREFLIGHT=1)" in result.stderr
    assert applied(empty_db) == ["0001_notes", "0002_playlists"]
