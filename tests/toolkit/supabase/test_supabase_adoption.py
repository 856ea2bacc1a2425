"""Adoption and the Supabase history on the Supabase-faithful cluster, as `postgres`.

The project's 0001–0012 were pushed by the Supabase CLI (as `postgres`, recorded as
001–012 in supabase_migrations.schema_migrations); mashdb adopts them and takes over.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from adoption import applied_by_another_tool
from helpers import query, target

from toolkit import baseline, engine, status
from toolkit.errors import BaselineRefused, UsageError
from toolkit.migrations import load_migrations


@pytest.fixture
def vector_project(_supabase_cluster, supabase_project) -> Iterator:
    """A fresh faithful database with pgvector enabled (as from the dashboard)."""
    made = supabase_project(extensions=("vector",))
    yield made
    _supabase_cluster.drop(made.name)


def history(url: str) -> list[str]:
    rows = query(url, "select version from supabase_migrations.schema_migrations order by 1")
    return [v for (v,) in rows]


def test_postgres_adopts_a_cli_pushed_project_and_keeps_its_history_in_step(
    vector_project, mashdb_server_url, repo_project, cli
):
    url = vector_project.url
    assert query(url, "select rolsuper from pg_roles where rolname = current_user") == [(False,)]
    applied_by_another_tool(url, repo_project, platform=False)
    ids = [m.id for m in load_migrations(repo_project)]
    assert status.get_status(target(url), repo_project).pending == tuple(ids)
    with pytest.raises(UsageError, match="mashdb baseline --from-supabase"):
        engine.migrate(target(url), repo_project)

    result = baseline.baseline(
        target(url), repo_project, from_supabase=True, scratch_url=mashdb_server_url
    )
    assert result.marked == tuple(ids[:12]) and result.unmatched == ()
    engine.migrate(target(url), repo_project)
    st = status.get_status(target(url), repo_project)
    assert st.up_to_date and st.current == ids[-1]
    adopted = [f"{n:03d}" for n in range(1, 13)]
    mine = [m.split("_", 1)[0] for m in ids[12:]]
    assert history(url) == sorted(adopted + mine), "supabase migration list agrees"

    engine.rollback(target(url), repo_project, to=ids[10], confirm=lambda losses: True)
    assert history(url) == sorted(adopted[:11]), "rolled back: 0013… and 012 removed"
    shown = json.loads(
        cli("--project", str(repo_project.root), "status", "--database-url", url, "--json").output
    )
    assert [(m["applied_by"], m["source_version"]) for m in shown["migrations"][:2]] == [
        ("supabase", "001"),
        ("supabase", "002"),
    ]
    assert [m["state"] for m in shown["migrations"][11:13]] == ["pending", "pending"]
    engine.migrate(target(url), repo_project)
    assert status.get_status(target(url), repo_project).up_to_date
    assert history(url) == sorted(adopted[:11] + [m.split("_", 1)[0] for m in ids[11:]])


def test_baseline_refuses_on_the_faithful_cluster_when_an_object_is_missing(
    supabase_db, mashdb_server_url, repo_project
):
    applied_by_another_tool(supabase_db.url, repo_project, upto=2, platform=False)
    query(supabase_db.url, "drop index public.mashups_creator_id_created_at_idx")
    with pytest.raises(BaselineRefused, match="mashups_creator_id_created_at_idx is missing"):
        baseline.baseline(
            target(supabase_db.url),
            repo_project,
            from_supabase=True,
            scratch_url=mashdb_server_url,
        )
    assert status.get_status(target(supabase_db.url), repo_project).current is None
