"""A database's bookkeeping: what it has applied (the model), and reading it without
changing anything (no DDL, no temp tables). The model is what planning compares with the
files, so this module imports the driver only to read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

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
    from psycopg.rows import namedtuple_row

    with conn.cursor(row_factory=namedtuple_row) as cur:
        probe = cur.execute(queries.load("state")).fetchone()
        migrations: dict[str, AppliedMigration] = {}
        if probe.has_yoyo:
            for row in cur.execute(queries.load("applied_migrations")):
                migrations[row.migration_id] = AppliedMigration(
                    row.migration_id,
                    row.applied_at_utc,
                    row.checksum,
                    row.applied_by,
                    row.source_version,
                )
        repeatables: dict[str, AppliedRepeatable] = {}
        if probe.has_repeatables:
            for row in cur.execute(queries.load("applied_repeatables")):
                repeatables[row.key] = AppliedRepeatable(
                    row.key,
                    row.kind,
                    row.checksum,
                    row.requires,
                    tuple(tuple(o) for o in row.objects),
                    row.applied_at,
                )
    if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        conn.rollback()
    return DbState(
        database=probe.database,
        role=probe.role_name,
        server_version=probe.server_version,
        has_auth_uid=probe.has_auth_uid,
        has_supabase_history=probe.has_supabase_history,
        migrations=migrations,
        repeatables=repeatables,
    )
