"""migrate / rollback / status against real PostgreSQL, through the library and the CLI."""

from __future__ import annotations

import json
import uuid

from helpers import exists, query, target

from toolkit import catalog, engine, status
from toolkit.db import connect
from toolkit.migrations import load_migrations


def snap(url: str) -> catalog.Snapshot:
    with connect(url) as conn:
        return catalog.snapshot(conn)


def test_migrate_to_head_then_back_to_empty_then_head_again(empty_db, repo_project):
    first = engine.migrate(target(empty_db), repo_project)
    head = load_migrations(repo_project)[-1].id
    assert first.before is None and first.after == head
    assert [s.step.kind for s in first.steps][0] == "bootstrap"
    at_head = snap(empty_db)

    back = engine.rollback(
        target(empty_db), repo_project, everything=True, confirm=lambda losses: True
    )
    assert back.after is None
    public_tables = query(empty_db, "select count(*) from pg_tables where schemaname = 'public'")[
        0
    ][0]
    assert public_tables == 0
    leftovers = query(
        empty_db,
        "select p.oid::regprocedure::text from pg_proc p join pg_namespace n "
        "on n.oid = p.pronamespace where n.nspname = 'public' and not exists "
        "(select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')",
    )
    assert leftovers == [], "functions left behind after rollback --all"
    assert exists(empty_db, "auth.users"), "the bootstrap (platform contract) stays"

    again = engine.migrate(target(empty_db), repo_project)
    assert again.after == head
    assert catalog.differences(at_head, snap(empty_db)) == []


def test_second_migrate_does_nothing(migrated_db, repo_project):
    result = engine.migrate(target(migrated_db), repo_project)
    assert result.steps == ()
    st = status.get_status(target(migrated_db), repo_project)
    assert st.up_to_date and st.pending == () and st.current == st.head


def test_every_table_in_public_has_rls_enabled(migrated_db):
    rows = query(
        migrated_db,
        "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace "
        "where n.nspname = 'public' and c.relkind in ('r','p') and not c.relrowsecurity",
    )
    assert rows == []
    count = query(
        migrated_db,
        "select count(*) from pg_tables where schemaname = 'public' and rowsecurity",
    )[0][0]
    assert count >= 17


def test_migrate_to_a_version_stops_there_and_repeatables_wait(empty_db, repo_project):
    result = engine.migrate(target(empty_db), repo_project, to="0002")
    assert result.after == "0002_mashups"
    assert exists(empty_db, "public.mashups") and not exists(empty_db, "public.follows")
    st = status.get_status(target(empty_db), repo_project)
    states = {r.key: r.state for r in st.repeatables}
    assert states["policies/mashups.sql"] == "applied"
    assert states["policies/follows.sql"] == "waiting"
    assert not exists(empty_db, "public.battle_votes")


def test_rollback_steps_removes_dependent_repeatables(migrated_db, repo_project):
    before = status.get_status(target(migrated_db), repo_project)
    last = before.current
    dependents = [r.key for r in before.repeatables if r.requires == last]
    engine.rollback(target(migrated_db), repo_project, steps=1, confirm=lambda losses: True)
    after = status.get_status(target(migrated_db), repo_project)
    assert after.current != last and after.pending == (last,)
    for key in dependents:
        assert {r.key: r.state for r in after.repeatables}[key] == "waiting"
    engine.migrate(target(migrated_db), repo_project)
    assert status.get_status(target(migrated_db), repo_project).up_to_date


def test_dry_run_changes_nothing(empty_db, repo_project):
    result = engine.migrate(target(empty_db), repo_project, dry_run=True)
    assert result.dry_run and len(result.steps) > 20
    assert not exists(empty_db, "mashdb.repeatables")
    assert not exists(empty_db, "public.profiles")


def test_status_json_through_cli(cli, migrated_db, repo_project):
    result = cli(
        "--project", str(repo_project.root), "status", "--json", "--database-url", migrated_db
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["up_to_date"] is True
    assert data["bootstrap"]["state"] == "applied"
    assert data["current"] == data["head"] == load_migrations(repo_project)[-1].id
    assert {m["state"] for m in data["migrations"]} == {"applied"}
    assert all(r["state"] == "applied" for r in data["repeatables"])
    assert data["source"] == "--database-url"


def test_status_is_read_only_for_a_role_without_create(empty_db, repo_project, mashdb_server_url):
    role = "mashdb_reader_" + uuid.uuid4().hex[:8]
    with connect(empty_db) as conn:
        conn.execute(f"create role {role} login")
        conn.execute(f"revoke create on schema public from {role}")
    try:
        reader = f"{empty_db} user={role}"
        st = status.get_status(target(reader), repo_project)
        assert st.current is None and st.bootstrap.state == "pending"
        assert not exists(empty_db, "mashdb._yoyo_migration")
    finally:
        with connect(empty_db) as conn:
            conn.execute(f"drop role {role}")
