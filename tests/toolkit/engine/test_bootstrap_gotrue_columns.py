"""A database bootstrapped before auth.users had GoTrue's columns (the stand-in's first seven
columns, no auth.identities) gains them when `migrate` re-runs the edited bootstrap, and
ends with the same auth schema as a database bootstrapped now."""

from __future__ import annotations

from helpers import target

from toolkit import engine, status
from toolkit.db import connect
from toolkit.pgtools import dump_schema

FIRST_COLUMNS = {
    "id", "email", "raw_user_meta_data", "raw_app_meta_data", "is_anonymous", "created_at",
    "updated_at",
}  # fmt: skip


def test_an_older_bootstrap_gains_gotrues_columns_and_identities(migrated_db, repo_project):
    now = dump_schema(migrated_db, ("auth",))
    with connect(migrated_db) as conn:
        columns = [
            r[0]
            for r in conn.execute(
                "select column_name from information_schema.columns "
                "where table_schema = 'auth' and table_name = 'users'"
            )
        ]
        gotrue = sorted(set(columns) - FIRST_COLUMNS)
        assert len(gotrue) == 28 and "confirmation_token" in gotrue
        conn.execute("drop table auth.identities")
        conn.execute("alter table auth.users " + ", ".join(f"drop column {c}" for c in gotrue))
        conn.execute("update mashdb.repeatables set checksum = 'older' where key = 'bootstrap'")
    assert dump_schema(migrated_db, ("auth",)) != now
    assert status.get_status(target(migrated_db), repo_project).bootstrap.state == "changed"
    result = engine.migrate(target(migrated_db), repo_project)
    assert [s.step.kind for s in result.steps] == ["bootstrap"]
    assert dump_schema(migrated_db, ("auth",)) == now
    assert status.get_status(target(migrated_db), repo_project).bootstrap.state == "applied"
