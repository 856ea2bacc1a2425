"""The rollback data-loss guard: which tables and columns a rollback would drop, with rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import psycopg
from psycopg import sql

from toolkit import queries


@dataclass(frozen=True)
class Loss:
    """A table (column None) or a column that a rollback drops while it holds data."""

    migration: str
    table: str
    column: str | None
    rows: int

    @property
    def label(self) -> str:
        what = f"column {self.table}.{self.column}" if self.column else f"table {self.table}"
        return f"{what}: {self.rows} row{'s' if self.rows != 1 else ''} ({self.migration})"


def _columns(conn: psycopg.Connection) -> set[tuple[str, str]]:
    return {(t, c) for t, c in conn.execute(queries.load("user_columns")).fetchall()}


class _Undo(Exception):
    """Raised to roll back the savepoint of a measured step."""


def losses_of(conn: psycopg.Connection, migration: str, run_step: Callable[[], None]) -> list[Loss]:
    """Losses of one rollback step. `run_step` runs once in a savepoint that is rolled back
    (to see what it drops), the dropped objects' rows are counted, then it runs again so
    later steps see its effect. The caller rolls the whole transaction back afterwards."""
    before = _columns(conn)
    after: set[tuple[str, str]] = set()
    try:
        with conn.transaction():
            run_step()
            after = _columns(conn)
            raise _Undo
    except _Undo:
        pass
    tables_after = {t for t, _ in after}
    dropped_tables = sorted({t for t, _ in before} - tables_after)
    dropped_columns = sorted((t, c) for t, c in before - after if t in tables_after)
    found: list[Loss] = []
    for table in dropped_tables:
        # table names come from quote_ident() in user_columns.sql: already quoted
        count = conn.execute(sql.SQL("select count(*) from {}").format(sql.SQL(table))).fetchone()[
            0
        ]
        if count:
            found.append(Loss(migration, table, None, count))
    for table, column in dropped_columns:
        count = conn.execute(
            sql.SQL("select count(*) from {} where {} is not null").format(
                sql.SQL(table), sql.Identifier(column)
            )
        ).fetchone()[0]
        if count:
            found.append(Loss(migration, table, column, count))
    run_step()
    return found
