"""Issue items 3 and 5: drift detection and repair; a read-only status."""

from __future__ import annotations

import json

from reliability_kit import books, make_project, regclass_exists, rows, scalar

from toolkit.db import connect
from toolkit.sqlfile import checksum

FUNC = """\
-- a repeatable
-- requires: 0001_base
create or replace function public.answer() returns int language sql as $$ select {n} $$;
"""


def _project(tmp_path):
    return make_project(
        tmp_path,
        {
            "0001_base": ("create table public.base (id int);\n", "drop table public.base;\n"),
            "0002_more": ("create table public.more (id int);\n", "drop table public.more;\n"),
        },
        functions={"answer.sql": FUNC.format(n=1)},
    )


def test_edited_applied_migration_is_reported_refused_then_repaired(tmp_path, empty_db, cli):
    project = _project(tmp_path)
    args = ("--project", str(project.root))
    url = ("--database-url", empty_db)
    assert cli(*args, "migrate", "--to", "0001", *url).exit_code == 0
    path = project.migrations_dir / "0001_base.sql"
    old = checksum(path.read_text())
    path.write_text("create table public.base (id int, edited int);\n")
    new = checksum(path.read_text())

    st = cli(*args, "status", "--json", *url)
    assert st.exit_code == 0
    data = json.loads(st.output)
    m = {x["id"]: x for x in data["migrations"]}["0001_base"]
    assert m["state"] == "drifted" and data["up_to_date"] is False
    assert m["applied_checksum"] == old and m["file_checksum"] == new
    text = cli(*args, "status", *url)
    assert "drifted" in text.output

    refused = cli(*args, "migrate", *url)
    assert refused.exit_code == 1
    assert "sql/migrations/0001_base.sql was edited after it was applied" in refused.output
    assert old in refused.output and new in refused.output
    assert "mashdb repair" in refused.output
    assert not regclass_exists(empty_db, "public.more"), "nothing applied after drift"
    refused_rb = cli(*args, "rollback", "--yes", *url)
    assert refused_rb.exit_code == 1 and "was edited" in refused_rb.output

    repaired = cli(*args, "repair", *url)
    assert repaired.exit_code == 0 and "recorded the current checksum of 0001_base" in (
        repaired.output
    )
    # repair records the checksum only: the schema the old file produced is untouched
    assert scalar(
        empty_db,
        "select count(*) from information_schema.columns where table_name = 'base'",
    ) == 1
    assert scalar(
        empty_db,
        "select checksum from mashdb.migration_checksums where migration_id = '0001_base'",
    ) == new
    assert cli(*args, "repair", *url).output.startswith("nothing to repair")
    ok = cli(*args, "migrate", *url)
    assert ok.exit_code == 0, ok.output
    assert books(empty_db).migrations == ("0001_base", "0002_more")


def test_edited_repeatable_is_reapplied_not_refused(tmp_path, empty_db, cli):
    project = _project(tmp_path)
    args = ("--project", str(project.root))
    url = ("--database-url", empty_db)
    assert cli(*args, "migrate", *url).exit_code == 0
    assert scalar(empty_db, "select public.answer()") == 1
    (project.functions_dir / "answer.sql").write_text(FUNC.format(n=42))
    st = json.loads(cli(*args, "status", "--json", *url).output)
    assert {r["key"]: r["state"] for r in st["repeatables"]}["functions/answer.sql"] == "changed"
    result = cli(*args, "migrate", *url)
    assert result.exit_code == 0, result.output
    assert "functions/answer.sql" in result.output
    assert scalar(empty_db, "select public.answer()") == 42
    assert json.loads(cli(*args, "status", "--json", *url).output)["up_to_date"] is True


def test_a_missing_applied_migration_file_is_drift_too(tmp_path, empty_db, cli):
    project = _project(tmp_path)
    args = ("--project", str(project.root))
    url = ("--database-url", empty_db)
    assert cli(*args, "migrate", *url).exit_code == 0
    (project.migrations_dir / "0002_more.sql").unlink()
    (project.migrations_dir / "0002_more.rollback.sql").unlink()
    result = cli(*args, "migrate", *url)
    assert result.exit_code == 1
    assert "0002_more is applied but its file is missing from sql/migrations" in result.output
    st = json.loads(cli(*args, "status", "--json", *url).output)
    assert {m["id"]: m["state"] for m in st["migrations"]}["0002_more"] == "missing-file"


def _catalog_counts(url: str) -> tuple:
    return rows(
        url,
        "select (select count(*) from pg_class), (select count(*) from pg_namespace), "
        "(select count(*) from pg_proc), (select count(*) from pg_roles)",
    )[0]


def test_status_is_read_only_and_works_without_create_privilege(tmp_path, empty_db, cli):
    """A monitoring role: it may read mashdb's bookkeeping but create nothing anywhere."""
    project = _project(tmp_path)
    args = ("--project", str(project.root))
    role = "mashdb_monitor_" + empty_db.split("dbname=")[1].split()[0][-8:]
    with connect(empty_db) as conn:
        conn.execute(f"create role {role} login")
        conn.execute(f"revoke create on schema public from {role}")
        conn.execute("revoke create on schema public from public")
        dbname = conn.execute("select current_database()").fetchone()[0]
        conn.execute(f'revoke create, temporary on database "{dbname}" from public')
    reader = f"{empty_db} user={role}"
    try:
        # before anything was migrated: no bookkeeping at all
        before = _catalog_counts(empty_db)
        st = cli(*args, "status", "--json", "--database-url", reader)
        assert st.exit_code == 0, st.output
        assert json.loads(st.output)["current"] is None
        assert _catalog_counts(empty_db) == before, "status created something"
        assert not regclass_exists(empty_db, "mashdb.repeatables")

        assert cli(*args, "migrate", "--to", "0001", "--database-url", empty_db).exit_code == 0
        with connect(empty_db) as conn:
            conn.execute(f"grant usage on schema mashdb to {role}")
            conn.execute(f"grant select on all tables in schema mashdb to {role}")
        before = _catalog_counts(empty_db)
        st = cli(*args, "status", "--json", "--database-url", reader)
        assert st.exit_code == 0, st.output
        data = json.loads(st.output)
        assert data["current"] == "0001_base" and data["role"] == role
        assert _catalog_counts(empty_db) == before, "status created something"

        # and the same role cannot migrate: one clear line, exit 1
        mig = cli(*args, "migrate", "--database-url", reader)
        assert mig.exit_code == 1
        assert "permission denied" in mig.output and "SQLSTATE 42501" in mig.output
    finally:
        with connect(empty_db) as conn:
            conn.execute(f"drop owned by {role}")
            conn.execute(f"drop role {role}")


def test_status_for_a_role_that_cannot_read_the_bookkeeping_says_so(tmp_path, empty_db, cli):
    project = _project(tmp_path)
    args = ("--project", str(project.root))
    assert cli(*args, "migrate", "--database-url", empty_db).exit_code == 0
    role = "mashdb_stranger_" + empty_db.split("dbname=")[1].split()[0][-8:]
    with connect(empty_db) as conn:
        conn.execute(f"create role {role} login")
    try:
        st = cli(*args, "status", "--database-url", f"{empty_db} user={role}")
        assert st.exit_code == 1
        assert "permission denied for schema mashdb (SQLSTATE 42501)" in st.output
        assert "usage on the schema" in st.output
    finally:
        with connect(empty_db) as conn:
            conn.execute(f"drop role {role}")
