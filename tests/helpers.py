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


def mashdb_test(url: str, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run `mashdb test --database-url url [args]` as a real subprocess: its exit code, its
    last stdout line (the summary) and its stderr."""
    import os
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "--project", str(REPO), "test", "--database-url", url]
        + list(args),
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **(env or {})},
    )
    lines = done.stdout.strip().splitlines()
    return done.returncode, lines[-1] if lines else "", done.stderr
