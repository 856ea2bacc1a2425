"""The Supabase CLI's migration history, `supabase_migrations.schema_migrations`.

The CLI records every migration it pushes as (version, name, statements), version and name
taken from the file name `<version>_<name>.sql`: a timestamp, or `001`-style numbers in
older projects. mashdb reads it to adopt a project (`mashdb baseline --from-supabase`) and,
where the table exists, keeps it in step: each migration mashdb applies is recorded there
and each it rolls back removed, in the same transaction as mashdb's own bookkeeping, so
`supabase migration list` and the dashboard agree with `mashdb status`. `--no-supabase-history`
or `[supabase] history = false` in mashdb.toml turns the writing off (docs/supabase.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import psycopg

from toolkit import queries, security
from toolkit.errors import MigrationFailed, UsageError
from toolkit.migrations import Migration
from toolkit.project import Project
from toolkit.state import DbState

TABLE = "supabase_migrations.schema_migrations"
_TIMESTAMP_DIGITS = 8  # a version this long or longer is a date, not a migration number
_NUMBERED = re.compile(r"^(\d+)_(.+)$")


@dataclass(frozen=True)
class HistoryRow:
    """One migration in the Supabase CLI's history."""

    version: str
    name: str | None

    @property
    def label(self) -> str:
        return f"{self.version}_{self.name}" if self.name else self.version


@dataclass(frozen=True)
class Matching:
    """Which history rows are which of the project's migrations."""

    matched: tuple[tuple[HistoryRow, Migration], ...]
    unmatched: tuple[HistoryRow, ...]

    def version_of(self, migration_id: str) -> str | None:
        """The history version matched to `migration_id`, if any."""
        return next((row.version for row, m in self.matched if m.id == migration_id), None)


def read(conn: psycopg.Connection) -> tuple[HistoryRow, ...]:
    """The history rows, oldest first (the caller checked that the table exists)."""
    return tuple(HistoryRow(v, n) for v, n in conn.execute(queries.load("supabase_history")))


def version(m: Migration) -> str:
    """The version mashdb records for `m`: its number as in the file name ("0013")."""
    return m.id.split("_", 1)[0]


def _normalise(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def _key(row: HistoryRow) -> tuple[int | None, str | None]:
    """(migration number, normalised name) a history row speaks of; the number is None for
    a timestamp version whose name carries no number."""
    name = _normalise(row.name) if row.name else None
    if row.version.isdigit() and len(row.version) < _TIMESTAMP_DIGITS:
        return int(row.version), name
    numbered = _NUMBERED.match(name or "")
    if numbered:
        return int(numbered.group(1)), numbered.group(2)
    return None, name


def match(migrations: Sequence[Migration], rows: Sequence[HistoryRow]) -> Matching:
    """Map history rows to migrations by number and name.

    A row with a migration number (`001` + `profiles`, or a timestamp + `001_profiles`)
    matches the migration of that number when the names agree (or the row has no name); a
    timestamp row without a number matches the one migration of that name. Each migration
    is matched at most once; every other row is unmatched.
    """
    by_number = {m.number: m for m in migrations}
    taken: set[str] = set()
    matched: list[tuple[HistoryRow, Migration]] = []
    unmatched: list[HistoryRow] = []
    for row in rows:
        number, name = _key(row)
        if number is not None:
            candidate = by_number.get(number)
            found = candidate if candidate and name in (None, _own_name(candidate)) else None
        else:
            named = [m for m in migrations if _own_name(m) == name]
            found = named[0] if len(named) == 1 else None
        if found is None or found.id in taken:
            unmatched.append(row)
        else:
            taken.add(found.id)
            matched.append((row, found))
    return Matching(tuple(matched), tuple(unmatched))


def _own_name(m: Migration) -> str:
    return _normalise(m.id.split("_", 1)[1])


def enabled(state: DbState, project: Project, flag: bool | None) -> bool:
    """Whether to write the history: the table exists, and neither the flag (when given)
    nor mashdb.toml's `[supabase] history` turns it off."""
    if not state.has_supabase_history:
        return False
    return security.load(project.root).supabase_history if flag is None else flag


def record_applied(conn: psycopg.Connection, m: Migration, as_version: str | None = None) -> None:
    """Record `m` as applied (under `as_version`, default mashdb's own version)."""
    _write(conn, *record_query(m, as_version), m)


def record_query(m: Migration, as_version: str | None = None) -> tuple[str, dict[str, object]]:
    """The query (and its parameters) recording `m` as applied."""
    return queries.load("supabase_history_record"), {
        "version": as_version or version(m),
        "name": m.id.split("_", 1)[1],
        "statements": [s.text for s in m.apply.statements],
    }


def record_rolled_back(conn: psycopg.Connection, m: Migration, as_version: str | None) -> None:
    """Remove `m` (recorded under `as_version`, default mashdb's own version)."""
    _write(conn, queries.load("supabase_history_remove"), {"version": as_version or version(m)}, m)


def _write(conn: psycopg.Connection, sql: str, params: dict[str, object], m: Migration) -> None:
    try:
        with conn.transaction():
            conn.execute(sql, params)
    except psycopg.Error as exc:
        raise MigrationFailed(
            f"{m.id}: cannot record it in {TABLE}: {exc.diag.message_primary or exc} "
            f"(SQLSTATE {exc.sqlstate}); nothing of this step was kept\n"
            "  hint: grant the migrating role insert and delete on that table, or pass "
            "--no-supabase-history (or set [supabase] history = false in mashdb.toml)"
        ) from exc


def forget_recorded(conn: psycopg.Connection) -> None:
    """Remove the history rows of every migration mashdb's bookkeeping records (for `mashdb
    reset`, in its transaction, before it forgets them); nothing where either is missing."""
    present = conn.execute(
        "select to_regclass(%s) is not null and to_regclass('mashdb.migration_checksums') "
        "is not null",
        (TABLE,),
    ).fetchone()[0]
    if present:
        conn.execute(queries.load("supabase_history_forget"))


def refuse_unadopted(
    conn: psycopg.Connection, migrations: Sequence[Migration], state: DbState
) -> None:
    """Refuse to migrate a Supabase project whose history already holds pending migrations
    (applied by the Supabase CLI): running them again would fail on objects that exist."""
    if not state.has_supabase_history:
        return
    pending = [m for m in migrations if m.id not in state.migrations]
    matching = match(pending, read(conn))
    if matching.matched:
        shown = ", ".join(f"{m.id} (as {row.label})" for row, m in matching.matched[:3])
        more = len(matching.matched) - 3
        raise UsageError(
            f"{TABLE} records migrations mashdb has not applied: {shown}"
            + (f" and {more} more" if more > 0 else "")
            + "; nothing was changed. Adopt the project first: mashdb baseline --from-supabase"
        )
