"""`mashdb review` on a real feature branch: a git copy of this project whose branch adds
playlists (two tables, a policy file each, one SECURITY DEFINER helper, and their probe
data; SQL in tests/toolkit/review/playlists/sql, data in tests/toolkit/fixtures/playlists_rls).
The markdown must show the new policies' predicates and the helper's body, and fold
each table's columns, constraints, indexes and grants into one section per table; the
new tables' executed access (with the head's own probes) is listed per persona and
command; the JSON keeps every item."""

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
from toolkit.rls.matrix import load_project

FEATURE = Path(__file__).parent / "playlists"
FEATURE_DATA = REPO / "tests" / "toolkit" / "fixtures" / "playlists_rls"  # shared with the gate's
WRITES = ("INSERT", "UPDATE", "DELETE")
REACHED = {  # what each persona really did on the probe rows; denied/invisible left out
    "public.playlists": {
        "anon": {"SELECT": "published only"},
        "owner": {"SELECT": "own or public", **dict.fromkeys(WRITES, "own rows")},
        "other": {"SELECT": "published only", "INSERT": "own rows"},
        "service_role": dict.fromkeys(("SELECT", *WRITES, "TRUNCATE"), "allowed"),
    },
    "public.playlist_items": {
        "anon": {"SELECT": "published only"},
        "owner": {"SELECT": "own or public", **dict.fromkeys(WRITES, "own rows")},
        "other": {"SELECT": "published only"},  # other's INSERT is denied: not their list
        "service_role": dict.fromkeys(("SELECT", *WRITES, "TRUNCATE"), "allowed"),
    },
}


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", "user.email=t@t", "-c", "user.name=t", *args],
        check=True,
        capture_output=True,
    )


def project_repo(root: Path, *, with_probe_data: bool = True) -> None:
    """This project's SQL (and probe data) committed as `main` in a new repository."""
    shutil.copytree(REPO / "sql", root / "sql")
    if with_probe_data:
        shutil.copytree(REPO / "tests" / "rls", root / "tests" / "rls", ignore=_caches)
    shutil.copy(REPO / ".sqlfluff", root / ".sqlfluff")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "base")


@pytest.fixture(scope="module")
def feature_review(tmp_path_factory: pytest.TempPathFactory, mashdb_server_url: str):
    """This project committed as `main`, then the playlists branch in the working tree."""
    root = tmp_path_factory.mktemp("feature") / "repo"
    project_repo(root)
    add_feature(root)
    report = review(Project(root), "main", mashdb_server_url)
    return report, render_markdown(report)


def add_feature(root: Path) -> None:
    """The playlists branch: its SQL files, and its probe world, probe rows and matrix
    entries appended to the project's."""
    shutil.copytree(FEATURE / "sql", root / "sql", dirs_exist_ok=True)
    for part in FEATURE_DATA.iterdir():
        with (root / "tests" / "rls" / part.name).open("a") as data:
            data.write(part.read_text())


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


def test_new_tables_are_executed_per_persona_and_command_with_the_heads_probes(feature_review):
    report, markdown = feature_review
    access = {i.title: i.severity for i in report.items if i.section == "access"}
    assert access == {
        f"{persona} · {command} · {table}: absent → {word}": "needs-review"
        for table, personas in REACHED.items()
        for persona, cells in personas.items()
        for command, word in cells.items()
    }
    assert report.notes == ()  # both sides were executed, each with its own probes
    section = _table_section(markdown[markdown.index("<b>Access") :], "public.playlists")
    assert [line for line in section.splitlines() if line.startswith("- ")] == [
        "- 🟡 anon: `SELECT published only` — access widened",
        "- 🟡 owner: `SELECT own or public`, `INSERT own rows`, `UPDATE own rows`, "
        "`DELETE own rows` — access widened",
        "- 🟡 other: `SELECT published only`, `INSERT own rows` — access widened",
        "- 🟡 service_role: `SELECT allowed`, `INSERT allowed`, `UPDATE allowed`, "
        "`DELETE allowed`, `TRUNCATE allowed` — access widened",
    ]


def test_a_base_that_predates_probe_data_runs_the_heads_probes_on_its_tables(
    tmp_path, mashdb_server_url
):
    """The base ref has no RLS data files: base runs the head's world and probes, cut to
    what exists on base (the playlists rows are left out there); the new tables are
    still executed on head, and the report says how base was probed."""
    root = tmp_path / "repo"
    project_repo(root, with_probe_data=False)
    shutil.copytree(REPO / "tests" / "rls", root / "tests" / "rls", ignore=_caches)
    add_feature(root)

    report = review(Project(root), "main", mashdb_server_url)
    access = {i.title for i in report.items if i.section == "access"}
    assert access == {
        f"{persona} · {command} · {table}: absent → {word}"
        for table, personas in REACHED.items()
        for persona, cells in personas.items()
        for command, word in cells.items()
    }  # the tables both sides have were executed on both, identically: no other change
    (note,) = report.notes
    assert note.startswith("base has no RLS probe data of its own (cannot read matrix")
    shared = len(load_project(REPO).probes)  # every table this project probes exists on base
    assert note.endswith(
        f"base was executed with the head's probes for the {shared} tables that exist on both sides"
    )
