"""`mashdb review` on a temporary git repository: base commit vs a working tree that
(a) adds a table without RLS, (b) widens a policy, (c) adds a SECURITY DEFINER function
without search_path, (d) adds a plain CREATE INDEX on an existing table, (e) adds a
destructive rollback — and, separately, a harmless change that must report nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import REPO

from toolkit.project import Project
from toolkit.review import review
from toolkit.review.report import render_json, render_markdown

ITEMS = """\
-- items: a small owned table for the review tests
create table public.items (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null references auth.users (id) on delete cascade,
  title text not null,
  note text
);
create index items_owner_id_idx on public.items (owner_id);
alter table public.items enable row level security;
revoke all on table public.items from anon, authenticated;
grant select, insert, update, delete on table public.items to authenticated;
"""
ITEMS_POLICY = """\
-- items: owners see and change their own rows
-- requires: 0001_items

create policy items_select_own
on public.items
for select
to authenticated
using (owner_id = (select auth.uid()));

create policy items_write_own
on public.items
for update
to authenticated
using (owner_id = (select auth.uid()));
"""


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Project:
    root = tmp_path / "repo"
    (root / "sql" / "migrations").mkdir(parents=True)
    (root / "sql" / "policies").mkdir()
    (root / "sql" / "functions").mkdir()
    shutil.copytree(REPO / "sql" / "bootstrap", root / "sql" / "bootstrap")
    shutil.copy(REPO / ".sqlfluff", root / ".sqlfluff")
    (root / "sql/migrations/0001_items.sql").write_text(ITEMS)
    (root / "sql/migrations/0001_items.rollback.sql").write_text("drop table public.items;\n")
    (root / "sql/policies/items.sql").write_text(ITEMS_POLICY)
    git(root, "init", "-q", "-b", "main")
    git(root, "-c", "user.email=t@t", "-c", "user.name=t", "add", ".")
    git(root, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "base")
    return Project(root)


def by_title(report, section: str) -> dict[str, str]:
    return {i.title: i.severity for i in report.items if i.section == section}


def test_a_risky_branch_is_reported_with_the_right_classes(repo, mashdb_server_url):
    sql = repo.sql
    (sql / "migrations/0002_notes.sql").write_text(
        "-- notes: forgot row level security\n"
        "create table public.notes (id uuid primary key default gen_random_uuid(), body text);\n"
        "grant select on table public.notes to anon;\n"
    )
    (sql / "migrations/0002_notes.rollback.sql").write_text("drop table public.notes;\n")
    (sql / "policies/items.sql").write_text(
        ITEMS_POLICY.replace(
            "for select\nto authenticated\nusing (owner_id = (select auth.uid()))",
            "for select\nto authenticated\nusing (true)",
        )
    )
    (sql / "functions/admin.sql").write_text(
        "-- admin helper\n-- requires: 0001_items\n"
        "create or replace function public.purge_items() returns void\n"
        "language sql security definer as $$ delete from public.items $$;\n"
    )
    (sql / "migrations/0003_items_title_idx.sql").write_text(
        "-- speed up title search\ncreate index items_title_idx on public.items (title);\n"
    )
    (sql / "migrations/0003_items_title_idx.rollback.sql").write_text(
        "drop index public.items_title_idx;\nalter table public.items drop column note;\n"
    )

    report = review(repo, "main", mashdb_server_url)
    schema, access = by_title(report, "schema"), by_title(report, "access")
    lint, rollback = by_title(report, "lint"), by_title(report, "rollback")

    # (a) a table without RLS
    assert schema["table public.notes added without row level security"] == "dangerous"
    assert access["anon · SELECT · public.notes: absent → all rows"] == "dangerous"
    # (b) a widened policy
    assert schema["policy changed: public.items.items_select_own"] == "needs-review"
    widened = "authenticated · SELECT · public.items: rows where items_select_own → all rows"
    assert access[widened] == "needs-review"
    # (c) SECURITY DEFINER without search_path
    assert schema["SECURITY DEFINER function without search_path: public.purge_items()"] == (
        "dangerous"
    )
    # (d) a plain CREATE INDEX on an existing table (squawk, lock safety)
    index_findings = [t for t in lint if "require-concurrent-index-creation" in t]
    assert index_findings and all(lint[t] == "dangerous" for t in index_findings)
    # (e) a destructive rollback
    assert rollback["rollback drops column public.items.note, which exists on base"] == (
        "dangerous"
    )
    assert any(t.startswith("rolling back to base does not reproduce") for t in rollback)
    assert report.exit_code("dangerous") == 1

    data = json.loads(render_json(report))
    assert data["schema"] == "mashdb-review/1"
    assert data["added_migrations"] == ["0002_notes", "0003_items_title_idx"]
    assert data["summary"]["dangerous"] >= 5
    markdown = render_markdown(report)
    assert "<details open>" in markdown and "🔴 dangerous" in markdown


def test_a_harmless_change_reports_nothing(repo, mashdb_server_url):
    path = repo.sql / "migrations/0001_items.sql"
    path.write_text(path.read_text())  # same bytes
    policy = repo.sql / "policies/items.sql"
    policy.write_text(ITEMS_POLICY.replace("-- items: owners", "-- items (reviewed): owners"))
    report = review(repo, "main", mashdb_server_url)
    assert report.items == ()
    assert report.exit_code("info") == 0
    assert report.changed_files == ("sql/policies/items.sql",)


def test_unknown_base_ref_is_a_usage_error(repo, mashdb_server_url, cli):
    result = cli(
        "--project",
        str(repo.root),
        "review",
        "--base",
        "no-such-ref",
        "--database-url",
        mashdb_server_url,
    )
    assert result.exit_code == 2
    assert "no-such-ref" in result.output


def test_access_changes_come_from_the_executed_matrix_on_the_real_schema(
    tmp_path, mashdb_server_url
):
    root = tmp_path / "real"
    shutil.copytree(REPO / "sql", root / "sql")
    shutil.copytree(REPO / "tests" / "rls", root / "tests" / "rls")
    shutil.copy(REPO / ".sqlfluff", root / ".sqlfluff")
    git(root, "init", "-q", "-b", "main")
    git(root, "-c", "user.email=t@t", "-c", "user.name=t", "add", ".")
    git(root, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "base")
    policy = root / "sql/policies/xp_transactions.sql"
    policy.write_text(
        policy.read_text().replace("using (user_id = (select auth.uid()));", "using (true);")
    )

    report = review(Project(root), "main", mashdb_server_url)
    access = by_title(report, "access")
    assert access == {
        "other · SELECT · public.xp_transactions: invisible → allowed": "needs-review",
        "owner · SELECT · public.xp_transactions: own rows → allowed": "needs-review",
    }
    assert report.notes == ()
    assert by_title(report, "schema") == {
        "policy changed: public.xp_transactions.xp_transactions_select_own": "needs-review"
    }
    assert by_title(report, "rollback") == {}
    markdown = render_markdown(report)  # the changed predicate, as a diff of the policy
    assert ("-  using ((user_id = ( SELECT auth.uid() AS uid)));\n+  using (true);") in markdown
    assert "- 🟡 owner: `SELECT own rows → allowed` — access widened" in markdown


def test_a_base_without_probe_data_is_executed_with_the_heads_probes(tmp_path, mashdb_server_url):
    """The base ref predates the RLS data files: base runs the head's probes for the tables
    both sides have, and the report says so."""
    root = tmp_path / "real"
    shutil.copytree(REPO / "sql", root / "sql")
    git(root, "init", "-q", "-b", "main")
    git(root, "-c", "user.email=t@t", "-c", "user.name=t", "add", ".")
    git(root, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "base")
    shutil.copytree(REPO / "tests" / "rls", root / "tests" / "rls")
    policy = root / "sql/policies/xp_transactions.sql"
    policy.write_text(
        policy.read_text().replace("using (user_id = (select auth.uid()));", "using (true);")
    )

    report = review(Project(root), "main", mashdb_server_url)
    assert by_title(report, "access") == {
        "other · SELECT · public.xp_transactions: invisible → allowed": "needs-review",
        "owner · SELECT · public.xp_transactions: own rows → allowed": "needs-review",
    }
    (note,) = report.notes
    assert note.startswith("base has no RLS probe data of its own (cannot read matrix")
    assert "base was executed with the head's probes for the" in note
