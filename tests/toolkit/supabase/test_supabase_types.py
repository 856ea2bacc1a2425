"""`mashdb types` on a Supabase project: generated as the non-superuser `postgres` from a
database migrated there, the app's types are the ones committed (types/database.ts), so
what the app compiles against locally is what Supabase serves (vector in `extensions`,
auth owned by supabase_auth_admin, Supabase's default privileges)."""

from __future__ import annotations

from helpers import REPO

from toolkit import security
from toolkit.db import connect
from toolkit.typegen import DEFAULT_OUTPUT, generate, header_command


def test_types_generated_on_supabase_as_postgres_are_the_committed_ones(supabase_project):
    db = supabase_project(migrated=True)
    config = security.load(REPO)
    with connect(db.url) as conn:
        assert conn.execute(
            "select current_user, rolsuper from pg_roles where rolname = current_user"
        ).fetchone() == ("postgres", False)
        text, catalog = generate(
            conn, config.exposed_schemas, config.api_roles, header_command(None)
        )
    assert any(f.name == "match_mashups" for f in catalog.functions)
    committed = (REPO / DEFAULT_OUTPUT).read_text(encoding="utf-8")
    assert text == committed, "the types Supabase serves differ from the committed ones"
