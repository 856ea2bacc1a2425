"""What a rollback drops: measured on the database, never read from the rollback file.

Each rollback step runs once in a savepoint that is rolled back; the tables and columns
present before and missing after are what it drops (whatever statement did it: DROP,
ALTER, a CASCADE, a DO block), each counted as it stood. This is the one computation of
"what a rollback drops": the engine's data-loss guard refuses on the drops that hold rows,
and `mashdb review` classifies every drop of a branch's rollback against the base catalog.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from psycopg import sql

from toolkit import queries


@dataclass(frozen=True)
class Drop:
    """A table (column None) or a column that a rollback step drops, and its rows then
    (for a column: the rows where it is not null)."""

    migration: str
    table: str  # schema.table
    column: str | None
    rows: int

    @property
    def key(self) -> str:
        """The catalog snapshot's key of what is dropped (`schema.table[.column]`)."""
        return f"{self.table}.{self.column}" if self.column else self.table

    @property
    def label(self) -> str:
        what = f"column {self.table}.{self.column}" if self.column else f"table {self.table}"
        return f"{what}: {self.rows} row{'s' if self.rows != 1 else ''} ({self.migration})"


def _columns(conn: psycopg.Connection) -> set[tuple[str, str, str]]:
    return {tuple(row) for row in conn.execute(queries.load("user_columns")).fetchall()}


class _Undo(Exception):
    """Raised to roll back the savepoint of a measured step."""


def drops_of(conn: psycopg.Connection, migration: str, run_step: Callable[[], None]) -> list[Drop]:
    """What one rollback step drops. `run_step` runs once in a savepoint that is rolled
    back (to see what it drops), the dropped objects' rows are counted, then it runs again
    so later steps see its effect. The caller rolls the whole transaction back afterwards."""
    before = _columns(conn)
    after: set[tuple[str, str, str]] = set()
    try:
        with conn.transaction():
            run_step()
            after = _columns(conn)
            raise _Undo
    except _Undo:
        pass
    tables_after = {(s, t) for s, t, _ in after}
    dropped_tables = sorted({(s, t) for s, t, _ in before} - tables_after)
    dropped_columns = sorted((s, t, c) for s, t, c in before - after if (s, t) in tables_after)
    found = [
        Drop(migration, f"{s}.{t}", None, _count(conn, sql.SQL("select count(*) from {}"), s, t))
        for s, t in dropped_tables
    ]
    found += [
        Drop(
            migration,
            f"{s}.{t}",
            c,
            _count(conn, sql.SQL("select count(*) from {} where {} is not null"), s, t, c),
        )
        for s, t, c in dropped_columns
    ]
    run_step()
    return found


def _count(conn: psycopg.Connection, query: sql.SQL, schema: str, table: str, *column: str) -> int:
    stmt = query.format(sql.Identifier(schema, table), *(sql.Identifier(c) for c in column))
    return int(conn.execute(stmt).fetchone()[0])
