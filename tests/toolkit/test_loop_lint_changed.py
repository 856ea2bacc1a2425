"""`mashdb lint --changed [--base REF]`: only what the branch changed since it left the
base (committed or not), plus the RLS findings the change causes in files it did not
touch; a clear one-line error outside a git repository or for a missing base."""

from __future__ import annotations

import json

from loop_kit import PLAYLISTS, PLAYLISTS_ROLLBACK, git, make_project, make_repo, write

TAGS = """\
-- 0002_tags: a second table, on the base.
create table public.tags (
  id bigint generated always as identity primary key,
  owner_id uuid not null
);

create index tags_owner_id_idx on public.tags (owner_id);

alter table public.tags enable row level security;
revoke all on public.tags from anon, authenticated;
grant select on public.tags to authenticated;
"""

BARE_AUTH_CALL = """\
-- tags policies: a warning already on the base (a bare auth.uid(), RLS003).
-- requires: 0002_tags
create policy tags_owner on public.tags
for select to authenticated
using (owner_id = auth.uid());
"""


def lint_json(cli, root, *args: str):
    result = cli("--project", str(root), "lint", "--changed", "--format", "json", *args)
    return result.exit_code, json.loads(result.output)


def test_only_the_changed_files_committed_or_not(cli, tmp_path) -> None:
    root = make_repo(tmp_path / "repo")
    git(root, "checkout", "--quiet", "-b", "feature")
    write(root, "sql/migrations/0002_playlists.sql", PLAYLISTS)
    write(root, "sql/migrations/0002_playlists.rollback.sql", PLAYLISTS_ROLLBACK)
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "playlists")
    write(root, "sql/functions/zz_style.sql", "-- zz_style: upper-case keywords\nSELECT 1 AS x;\n")
    code, report = lint_json(cli, root)
    assert report["files"] == [
        "sql/functions/zz_style.sql",
        "sql/migrations/0002_playlists.rollback.sql",
        "sql/migrations/0002_playlists.sql",
    ]
    assert code == 1
    assert {(f["path"], f["rule_id"]) for f in report["findings"] if f["severity"] == "error"} == {
        ("sql/functions/zz_style.sql", "sqlfluff:CP01")
    }
    (root / "sql/functions/zz_style.sql").unlink()
    code, report = lint_json(cli, root)
    assert code == 0 and "sql/functions/zz_style.sql" not in report["files"]
    git(root, "checkout", "--quiet", "main")
    code, report = lint_json(cli, root)
    assert (code, report["files"], report["findings"]) == (0, [], [])


def test_a_finding_the_change_causes_in_an_unchanged_file(cli, tmp_path) -> None:
    root = make_repo(tmp_path / "repo")
    write(root, "sql/migrations/0002_tags.sql", TAGS)
    write(
        root,
        "sql/migrations/0002_tags.rollback.sql",
        "-- 0002_tags rollback\ndrop table public.tags;\n",
    )
    write(root, "sql/policies/tags.sql", BARE_AUTH_CALL)
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "a base with a warning")
    git(root, "checkout", "--quiet", "-b", "feature")
    write(
        root,
        "sql/migrations/0003_drop_owner_index.sql",
        "-- 0003_drop_owner_index: drops the index the notes policy filters on.\n"
        "drop index public.notes_owner_id_idx;\n",
    )
    write(
        root,
        "sql/migrations/0003_drop_owner_index.rollback.sql",
        "-- 0003_drop_owner_index rollback\n"
        "create index notes_owner_id_idx on public.notes (owner_id);\n",
    )
    full = cli("--project", str(root), "lint", "--only", "rls", "--format", "json")
    everywhere = {(f["path"], f["rule_id"]) for f in json.loads(full.output)["findings"]}
    assert ("sql/policies/tags.sql", "RLS003") in everywhere
    code, report = lint_json(cli, root, "--only", "rls")
    found = {(f["path"], f["rule_id"]) for f in report["findings"]}
    assert ("sql/policies/notes.sql", "RLS008") in found  # unchanged file, caused by 0002
    assert ("sql/policies/tags.sql", "RLS003") not in found  # was there on the base
    assert report["files"] == [
        "sql/migrations/0003_drop_owner_index.rollback.sql",
        "sql/migrations/0003_drop_owner_index.sql",
    ]


def test_outside_git_and_without_a_base_one_clear_line(cli, tmp_path) -> None:
    plain = make_project(tmp_path / "plain")
    result = cli("--project", str(plain), "lint", "--changed")
    assert result.exit_code == 2
    assert "is not in a git repository" in result.output
    assert "Traceback" not in result.output
    root = make_repo(tmp_path / "repo")
    missing = cli("--project", str(root), "lint", "--changed", "--base", "origin/nope")
    assert missing.exit_code == 2
    assert "base ref 'origin/nope' not found" in missing.output
    git(root, "branch", "--quiet", "-m", "main", "trunk")
    no_default = cli("--project", str(root), "lint", "--changed")
    assert no_default.exit_code == 2
    assert "neither origin/main nor main exists; pass --base REF" in no_default.output
    assert cli("--project", str(root), "lint", "--changed", "--base", "trunk").exit_code == 0
    usage = cli("--project", str(root), "lint", "--changed", "sql")
    assert usage.exit_code == 2 and "give PATHS or --changed, not both" in usage.output
