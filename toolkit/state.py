"""A database's bookkeeping: what it has applied (the model), and reading it without
changing anything (no DDL, no temp tables). The model is what planning compares with the
files, so this module imports the driver only to read."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from toolkit import queries

if TYPE_CHECKING:
    import psycopg

BOOTSTRAP_KEY = "bootstrap"


@dataclass(frozen=True)
class AppliedMigration:
    id: str
    applied_at: datetime
    checksum: str | None  # None when applied by plain yoyo, before mashdb tracked content
    applied_by: str = "migrate"  # migrate | baseline | supabase (see queries/bookkeeping.sql)
    source_version: str | None = None  # its version in the Supabase CLI's history, if adopted


@dataclass(frozen=True)
class AppliedRepeatable:
    key: str
    kind: str
    checksum: str
    requires: str | None
    objects: tuple[tuple[str, str, str], ...]
    applied_at: datetime


@dataclass(frozen=True)
class DbState:
    """The bookkeeping of one database."""

    database: str
    role: str
    server_version: str
    has_auth_uid: bool
    has_supabase_history: bool
    migrations: dict[str, AppliedMigration]
    repeatables: dict[str, AppliedRepeatable]

    @property
    def bootstrap(self) -> AppliedRepeatable | None:
        return self.repeatables.get(BOOTSTRAP_KEY)

    @property
    def current(self) -> str | None:
        """The database's version: its newest applied migration, file or not."""
        return current_version(self.migrations)


def current_version(applied: Iterable[str]) -> str | None:
    """The version of a set of applied migration ids: the highest (ids sort by number)."""
    return max(applied, default=None)


def read_state(conn: psycopg.Connection) -> DbState:
    """Read the bookkeeping of the database `conn` is connected to."""
    import psycopg
    from psycopg.rows import dict_row

    with conn.cursor(row_factory=dict_row) as cur:
        probe = cur.execute(queries.load("state")).fetchone()
        assert probe is not None  # the probe is one row, always
        migrations = (
            cur.execute(queries.load("applied_migrations")).fetchall()
            if probe["has_yoyo"]
            else []
        )
        repeatables = (
            cur.execute(queries.load("applied_repeatables")).fetchall()
            if probe["has_repeatables"]
            else []
        )
    if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        conn.rollback()
    return state_from(probe, migrations, repeatables)


def state_from(
    probe: Mapping[str, Any],
    migrations: Iterable[Mapping[str, Any]],
    repeatables: Iterable[Mapping[str, Any]],
) -> DbState:
    """The DbState of the rows of queries/state.sql, applied_migrations.sql (read when the
    probe's `has_yoyo`) and applied_repeatables.sql (when `has_repeatables`), by column name:
    read through psycopg here, or through psql by the no-op fast path (toolkit/noop.py)."""
    return DbState(
        database=probe["database"],
        role=probe["role_name"],
        server_version=probe["server_version"],
        has_auth_uid=probe["has_auth_uid"],
        has_supabase_history=probe["has_supabase_history"],
        migrations={
            row["migration_id"]: AppliedMigration(
                row["migration_id"],
                row["applied_at_utc"],
                row["checksum"],
                row["applied_by"],
                row["source_version"],
            )
            for row in migrations
        },
        repeatables={
            row["key"]: AppliedRepeatable(
                row["key"],
                row["kind"],
                row["checksum"],
                row["requires"],
                tuple(tuple(o) for o in row["objects"]),
                row["applied_at"],
            )
            for row in repeatables
        },
    )
