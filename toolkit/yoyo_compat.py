"""Everything mashdb takes from, or shares with, yoyo-migrations: the one module that
knows yoyo's ways (it imports no yoyo module: what it takes is reproduced, and the contract
tests compare it with yoyo's public API).

Taken from yoyo: how a migrations folder is read (the migration ids and files, as
`yoyo.read_migrations` finds them; listed here without importing yoyo, which with sqlparse
would cost a read-only `status` more than reading the folder) and a migration's hash
(`yoyo.migrations.get_migration_hash`, reproduced here for the same reason).

Shared with yoyo: its bookkeeping tables, in schema `mashdb` (`_yoyo_migration`,
`_yoyo_log`, `_yoyo_version`, yoyo's internal schema version 2), so yoyo's own backend
reads the same history mashdb wrote, and mashdb reads what yoyo applied. mashdb writes
those rows with its own SQL (toolkit/queries/bookkeeping.sql, yoyo_record.sql),
on its own connection, inside the step's transaction: yoyo's backend
API runs a migration on a second connection and records it in a separate transaction
(a crash in between leaves it applied but unrecorded), guards with a lock row that a
killed process leaves behind, and creates tables when it connects (so a read-only
status would need CREATE). tests/toolkit/engine/test_yoyo_contract.py fails if yoyo
reads a folder differently, hashes differently, or lays its tables out differently.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from toolkit import queries

if TYPE_CHECKING:
    import psycopg


@dataclass(frozen=True)
class Found:
    """A migration as yoyo finds it in a folder."""

    id: str
    path: Path


def read_folder(folder: Path) -> list[Found]:
    """The migrations yoyo finds in `folder`: each `<id>.sql` that is not a `.rollback.sql`
    (its rollback file is paired by name), in file-name order."""
    return [
        Found(path.name.removesuffix(".sql"), path)
        for path in sorted(folder.glob("*.sql"))
        if not path.name.endswith(".rollback.sql") and not path.name.startswith(".")
    ]


def migration_hash(migration_id: str) -> str:
    """yoyo's hash of a migration id, the key of its `_yoyo_migration` row: the sha256 of
    the id's UTF-8 bytes, as `yoyo.migrations.get_migration_hash` computes it (done here:
    importing yoyo cost an applying migrate ~36 ms; tests/toolkit/engine/test_yoyo_hash.py
    proves the two equal)."""
    import hashlib  # already loaded by the statement cache; kept out of the import block

    return hashlib.sha256(migration_id.encode("utf-8")).hexdigest()


@cache
def _who() -> dict[str, str]:
    # what yoyo writes in its log's username and hostname columns (imported here: a no-op
    # command writes no log row and need not pay for socket)
    import getpass
    import socket

    return {"username": getpass.getuser(), "hostname": socket.getfqdn()}


def ensure_tables(conn: psycopg.Connection) -> None:
    """Create mashdb's and yoyo's bookkeeping tables where missing (one statement batch;
    the caller holds the migration lock and brackets the transaction)."""
    conn.execute(queries.load("bookkeeping"))


def mark(conn: psycopg.Connection, migration_id: str) -> None:
    """Record `migration_id` as applied, as yoyo does: its row and an `apply` log entry."""
    _record(conn, migration_id, "apply")


def unmark(conn: psycopg.Connection, migration_id: str) -> None:
    """Record `migration_id` as rolled back: its row removed, a `rollback` log entry, and
    mashdb's content checksum removed with it."""
    _record(conn, migration_id, "rollback")


def _record(conn: psycopg.Connection, migration_id: str, operation: str) -> None:
    conn.execute(*record_query(migration_id, operation))


def record_query(migration_id: str, operation: str) -> tuple[str, dict[str, str]]:
    """The query (and its parameters) recording `migration_id` as applied (`operation`
    'apply') or rolled back ('rollback')."""
    return queries.load("yoyo_record"), {
        "id": migration_id,
        "hash": migration_hash(migration_id),
        "operation": operation,
        **_who(),
    }
