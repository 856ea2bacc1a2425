"""A database in the state a Supabase project is in before mashdb adopts it: the platform's
auth schema, migrations applied by another tool (the Supabase CLI) and, optionally, the
CLI's history table recording them under its own versions."""

from __future__ import annotations

from helpers import REPO

from toolkit.db import connect
from toolkit.migrations import Migration, load_migrations
from toolkit.project import Project
from toolkit.runner import run_file

HISTORY_DDL = (
    "create schema if not exists supabase_migrations;"
    "create table if not exists supabase_migrations.schema_migrations"
    " (version text primary key, statements text[], name text)"
)


def numbered(m: Migration) -> str:
    """The version the Supabase CLI gave the project's 001–012 style files."""
    return f"{m.number:03d}"


def stamped(m: Migration) -> str:
    """A timestamp version, as `supabase migration new` names files."""
    return f"2024010112{m.number:04d}"


def applied_by_another_tool(
    url: str,
    project: Project,
    upto: int = 12,
    *,
    version=numbered,
    history: bool = True,
    platform: bool = True,
) -> list[Migration]:
    """Apply migrations 1..`upto` the way another tool would (no mashdb bookkeeping) and,
    with `history`, record them in supabase_migrations.schema_migrations as `version(m)`;
    `platform` first creates the Supabase auth schema (tests/toolkit/fixtures/supabase_auth.sql)."""
    done = [m for m in load_migrations(project) if m.number <= upto]
    with connect(url) as conn:
        if platform:
            conn.execute((REPO / "tests/toolkit/fixtures/supabase_auth.sql").read_text())
        if history and not conn.execute(
            "select to_regclass('supabase_migrations.schema_migrations')"
        ).fetchone()[0]:
            conn.execute(HISTORY_DDL)
        for m in done:
            with conn.transaction():
                run_file(conn, m.apply, settings={})
                if history:
                    conn.execute(
                        "insert into supabase_migrations.schema_migrations"
                        " (version, name, statements) values (%s, %s, %s)",
                        (version(m), m.id.split("_", 1)[1], [s.text for s in m.apply.statements]),
                    )
    return done
