"""Read what a database has applied, without changing anything (no DDL, no temp tables)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import psycopg
from psycopg.rows import namedtuple_row

from toolkit import queries

BOOTSTRAP_KEY = "bootstrap"


@dataclass(frozen=True)
class AppliedMigration:
    id: str
    applied_at: datetime
    checksum: str | None  # None when applied by plain yoyo, before mashdb tracked content


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
    migrations: dict[str, AppliedMigration]
    repeatables: dict[str, AppliedRepeatable]

    @property
    def bootstrap(self) -> AppliedRepeatable | None:
        return self.repeatables.get(BOOTSTRAP_KEY)


def read_state(conn: psycopg.Connection) -> DbState:
    """Read the bookkeeping of the database `conn` is connected to."""
    with conn.cursor(row_factory=namedtuple_row) as cur:
        probe = cur.execute(queries.load("state")).fetchone()
        migrations: dict[str, AppliedMigration] = {}
        if probe.has_yoyo:
            for row in cur.execute(queries.load("applied_migrations")):
                migrations[row.migration_id] = AppliedMigration(
                    row.migration_id, row.applied_at_utc, row.checksum
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
        migrations=migrations,
        repeatables=repeatables,
    )
