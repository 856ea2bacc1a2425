"""A second project (tests/toolkit/fixtures/orgs: organisations, memberships, documents;
personas member / admin / outsider) runs the whole RLS harness with data files only."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import REPO

from toolkit import db, engine, testdb
from toolkit.db import Target
from toolkit.project import Project
from toolkit.pytest_plugin import db_name
from toolkit.review import review
from toolkit.rls.executed import execute_matrix
from toolkit.rls.gate import findings
from toolkit.rls.matrix import load_project

FIXTURE = Path(__file__).parent.parent / "fixtures" / "orgs"


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@t", "-c", "user.name=t", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def orgs(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The fixture project in a git repository, with the Supabase contract bootstrap."""
    root = tmp_path_factory.mktemp("orgs") / "orgs"
    shutil.copytree(FIXTURE, root)
    shutil.copytree(REPO / "sql" / "bootstrap", root / "sql" / "bootstrap")
    shutil.copy(REPO / ".sqlfluff", root / ".sqlfluff")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "orgs")
    return Project(root)


@pytest.fixture(scope="module")
def orgs_db(orgs: Project, mashdb_env) -> Iterator[str]:
    url = db.create_database(mashdb_env.server_url, testdb.unique_name("mashdb_orgs"))
    engine.migrate(Target(url, "test"), orgs)
    yield url
    db.drop_database(mashdb_env.server_url, db_name(url))


def test_policies_executes_the_orgs_matrix_with_its_own_personas(cli, orgs, orgs_db):
    result = cli(
        "--project", str(orgs.root), "policies", "--format", "json", "--database-url", orgs_db
    )
    assert result.exit_code == 0, result.output
    docs = json.loads(result.output)["tables"]["public.documents"]
    assert docs["select"] == {
        "anon": "published only",
        "member": "org or published",
        "admin": "org or published",
        "outsider": "published only",
        "service_role": "allowed",
    }
    assert docs["delete"]["member"] == "invisible" and docs["update"]["member"] == "own rows"


def test_mashdb_test_runs_the_packaged_suite_and_gate_on_the_orgs_project(orgs, orgs_db):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "toolkit",
            "--project",
            str(orgs.root),
            "test",
            "--database-url",
            orgs_db,
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    last = done.stdout.strip().splitlines()[-1]
    passed = re.fullmatch(r"(\d+) passed, 0 failed", last)
    assert passed and int(passed.group(1)) >= 75 + 2, last  # every case, the gate, its self-test


def test_the_orgs_matrix_and_gate_see_a_leak_and_a_new_table(orgs, orgs_db):
    matrix = load_project(orgs.root)
    with db.connect(orgs_db) as conn, conn.transaction(force_rollback=True):
        conn.execute(
            "create policy leak on public.memberships for select to authenticated using (true);"
            "create table public.notes (id uuid primary key default gen_random_uuid(),"
            " author_id uuid not null references auth.users (id), body text not null);"
            "alter table public.notes enable row level security;"
            "revoke all on public.notes from anon, authenticated;"
            "grant select on public.notes to authenticated;"
            "create policy notes_own on public.notes for select to authenticated"
            " using (author_id = (select auth.uid()));"
        )
        executed = execute_matrix(conn, matrix, tables=["public.memberships"])
        cell = executed.cells[("public.memberships", "select", "outsider")]
        assert cell.outcome == "allowed" and not cell.satisfies("invisible")
        found = {(f.check, f.subject): f.message for f in findings(conn, matrix, tables=[])}
    assert ("table-unlisted", "public.notes") in found
    draft = found[("table-unprobed", "public.notes")]
    assert "-- @notes_mia" in draft and "-- @notes_sam" in draft  # first persona, a stranger
    assert 'select   = { anon = "denied", member = "own rows", admin = "invisible"' in draft


def test_policies_table_shows_the_orgs_documents(cli, orgs, orgs_db):
    result = cli(
        "--project", str(orgs.root), "policies", "--table", "documents", "--database-url", orgs_db
    )
    assert result.exit_code == 0, result.output
    assert "documents_update_author_or_admin (UPDATE, permissive, to authenticated)" in (
        result.output
    )
    assert "public.is_org_member(org_id uuid) SECURITY DEFINER" not in result.output
    assert "select   published only | org or published" in result.output


def test_review_of_a_leaking_branch_names_the_orgs_personas(orgs, mashdb_server_url):
    policy = orgs.policies_dir / "documents.sql"
    original = policy.read_text()
    policy.write_text(original.replace("using (published);", "using (true);"))
    try:
        report = review(orgs, "main", mashdb_server_url)
    finally:
        policy.write_text(original)
    access = {i.title for i in report.items if i.section == "access"}
    assert "anon · SELECT · public.documents: published only → allowed" in access
    assert "outsider · SELECT · public.documents: published only → allowed" in access
    assert "member · SELECT · public.documents: org or published → allowed" in access
    assert not any("memberships" in t or "UPDATE" in t for t in access), access
