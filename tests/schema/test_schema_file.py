"""The committed schema.sql is the schema the repository's SQL builds from nothing.

Every PR that changes sql/ shows its effect on the final schema in schema.sql's diff; this
test fails when someone changed the SQL without regenerating the file.
"""

from __future__ import annotations

import difflib

from helpers import REPO

from toolkit.pgtools import REGENERATE, dump_schema


def test_schema_sql_is_current(migrated_db):
    committed = REPO / "schema.sql"
    assert committed.exists(), f"schema.sql is missing: run `{REGENERATE}` and commit it"
    dumped = dump_schema(migrated_db)
    expected = committed.read_text(encoding="utf-8")
    if dumped != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), dumped.splitlines(), "schema.sql", "fresh migrate", lineterm=""
        )
        excerpt = "\n".join(list(diff)[:40])
        raise AssertionError(
            "schema.sql is not the schema a fresh `mashdb migrate` builds: run "
            f"`{REGENERATE}` in the repository root and commit it\n{excerpt}"
        )
