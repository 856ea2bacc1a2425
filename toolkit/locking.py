"""The migration lock: a session-level advisory lock on the migrating connection.

PostgreSQL releases it when the session ends, however it ends (SIGKILL of the client, a
dropped connection), so a killed `mashdb migrate` never leaves the database locked — unlike
yoyo's lock-table row, which outlives its process.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from toolkit import queries
from toolkit.errors import LockTimeout

if TYPE_CHECKING:
    import psycopg

LOCK_KEY = 1835103080  # int.from_bytes(b"mash"); one key per database, shared by all mashdb runs
POLL_SECONDS = 0.1


def acquire(
    conn: psycopg.Connection,
    *,
    wait_timeout: float,
    on_wait: Callable[[int | None], None] | None = None,
) -> float:
    """Take the lock, waiting up to `wait_timeout` seconds; return how long we waited.

    Polls `pg_try_advisory_lock` rather than blocking in `pg_advisory_lock` so that the wait
    is bounded by our own timeout (not lock_timeout, which is meant for DDL) and so the
    caller can say who it is waiting for.
    """
    start = time.monotonic()
    told = False
    while True:
        got = conn.execute("select pg_try_advisory_lock(%s)", (LOCK_KEY,)).fetchone()[0]
        if got:
            return time.monotonic() - start
        if not told:
            row = conn.execute(queries.load("lock_holder"), {"key": LOCK_KEY}).fetchone()
            if on_wait is not None:
                on_wait(row[0] if row else None)
            told = True
        if time.monotonic() - start > wait_timeout:
            raise LockTimeout(
                f"another mashdb migrate/rollback held the migration lock for more than "
                f"{wait_timeout:g}s; nothing was changed (raise --wait-timeout to wait longer)"
            )
        time.sleep(POLL_SECONDS)
