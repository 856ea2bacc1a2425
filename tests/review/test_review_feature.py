"""`mashdb review` on a real feature branch: a git copy of this project whose branch adds
playlists (two tables, a policy file each, one SECURITY DEFINER helper; the files are in
tests/review/playlists/). The markdown must show the new policies' predicates and the
helper's body, and fold each table's columns, constraints, indexes and grants into one
section per table; the JSON keeps every item."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import REPO

from toolkit.project import Project
from toolkit.review import review
from toolkit.review.report import ReviewReport, render_json, render_markdown

FEATURE = Path(__file__).parent / "playlists"


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.email=t@t", "-c", "user.name=t", *args],
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def feature_review(tmp_path_factory: pytest.TempPathFactory, mashdb_server_url: str):
    """This project committed as `main`, then the playlists branch in the working tree."""
    root = tmp_path_factory.mktemp("feature") / "repo"
    shutil.copytree(REPO / "sql", root / "sql")
    shutil.copytree(REPO / "tests" / "rls", root / "tests" / "rls", ignore=_caches)
    shutil.copy(REPO / ".sqlfluff", root / ".sqlfluff")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "base")
    shutil.copytree(FEATURE, root / "sql", dirs_exist_ok=True)
    report = review(Project(root), "main", mashdb_server_url)
    return report, render_markdown(report)


def _caches(folder: str, names: list[str]) -> list[str]:
    return [n for n in names if n == "__pycache__"]


def _table_section(markdown: str, table: str) -> str:
    start = markdown.index(f"<summary><code>{table}</code>")
    return markdown[start : markdown.index("</details>", start)]


def test_markdown_shows_the_new_policies_predicates(feature_review):
    _, markdown = feature_review
    section = _table_section(markdown, "public.playlist_items")
    assert (
        "create policy playlist_items_select_visible on public.playlist_items\n"
        "  as permissive for select to anon, authenticated\n"
        "  using (can_view_playlist(playlist_id));"
    ) in section
    assert "  with check (((EXISTS ( SELECT 1\n   FROM playlists p" in section  # insert's check
    playlists = _table_section(markdown, "public.playlists")
    assert "  using ((is_public OR (owner_id = ( SELECT auth.uid() AS uid))));" in playlists
    assert (
        "  using ((owner_id = ( SELECT auth.uid() AS uid)))\n"
        "  with check ((owner_id = ( SELECT auth.uid() AS uid)));"
    ) in playlists


def test_markdown_shows_the_new_security_definer_functions_body(feature_review):
    _, markdown = feature_review
    assert "SECURITY DEFINER function: public.can_view_playlist(p_playlist_id uuid)" in markdown
    assert (
        "create function public.can_view_playlist(p_playlist_id uuid) returns boolean\n"
        "  language sql stable security definer set search_path=pg_catalog, pg_temp\n"
        "as $$\n"
    ) in markdown
    assert "where p.id = p_playlist_id and (p.is_public or p.owner_id = (select auth.uid()))" in (
        markdown
    )


def test_each_new_table_is_one_folded_section(feature_review):
    report, markdown = feature_review
    section = _table_section(markdown, "public.playlists")
    lines = [line for line in section.splitlines() if line.startswith("- ")]
    assert "- ⚪ table added" in lines
    assert (
        "- ⚪ NOT NULL constraint added: `created_at`, `id`, `is_public`, `owner_id`, `title`"
    ) in lines
    assert (
        "- ⚪ index added: `playlists_owner_id_idx btree (owner_id)`, `playlists_pkey btree (id)`"
        in lines
    )
    assert "- 🟡 authenticated gains INSERT, UPDATE on column: `is_public`, `title`" in lines
    assert "- 🟡 authenticated gains DELETE, SELECT on table" in lines
    assert "- ⚪ comment added: `is_public`, `table`" in lines  # COMMENT ON column, table
    items = [i for i in report.items if i.section == "schema" and i.table == "public.playlists"]
    assert len(items) == 27
    for item in items:  # each one is in the section: in its folded line, or with its SQL
        if item.code:
            assert item.code in section
        else:
            line = next(x for x in lines if x.split(" ", 2)[2].startswith(item.group))
            assert f"`{item.member}`" in line if item.member else line.endswith(item.group)
    assert len(lines) == 10 and section.count("```sql") == 4  # 27 items: 10 lines, 4 policies
    schema = markdown[: markdown.index("<summary><b>Access")]
    findings_table = schema[: schema.index("<summary><code>")]
    assert "public.playlists." not in findings_table  # nothing of the table outside it


def test_json_keeps_every_item_with_its_table_and_sql(feature_review):
    report, _ = feature_review
    data = json.loads(render_json(report))
    assert data["schema"] == "mashdb-review/1"
    assert len(data["items"]) == len(report.items)
    assert {"section", "severity", "title", "detail", "location"} <= set(data["items"][0])
    columns = [
        i for i in data["items"] if i["title"].startswith("column added: public.playlist_items.")
    ]
    assert {i["member"] for i in columns} == {
        "added_at timestamp with time zone default now()",
        "mashup_id uuid",
        "playlist_id uuid",
        "sort_order integer",
    }
    assert {(i["table"], i["group"]) for i in columns} == {
        ("public.playlist_items", "column added")
    }
    policy = next(
        i
        for i in data["items"]
        if i["title"] == "policy added: public.playlists.playlists_insert_own"
    )
    assert policy["severity"] == "needs-review"
    assert policy["code"].endswith("  with check ((owner_id = ( SELECT auth.uid() AS uid)));")
    assert policy["detail"].startswith("INSERT to authenticated")  # unchanged since /1


def test_the_report_as_a_whole(feature_review):
    report, markdown = feature_review
    assert isinstance(report, ReviewReport)
    assert report.added_migrations == ("0999_playlists",)
    assert report.exit_code("dangerous") == 0
    assert len(markdown.splitlines()) < 200
