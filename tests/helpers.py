"""Small helpers for tests that talk to real PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from toolkit.db import Target, connect

REPO = Path(__file__).resolve().parent.parent


def target(url: str) -> Target:
    return Target(url, "--database-url")


def query(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    """Run one query on a fresh connection and return its rows."""
    with connect(url) as conn:
        cur = conn.execute(sql, params)
        return cur.fetchall() if cur.description else []


def exists(url: str, regclass: str) -> bool:
    return query(url, "select to_regclass(%s) is not null", (regclass,))[0][0]
