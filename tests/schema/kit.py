"""A small PostgREST-style impersonation kit for the schema tests (plain psycopg, no pytest).

One connection per test module; every test runs in one transaction that is rolled back.
`Db.as_user(uid)` / `as_anon()` / `as_service()` switch the session like PostgREST does
(`set local role` + `request.jwt.claims`, transaction-local); `as_admin()` returns to the
connecting superuser, which builds fixtures. `Db.refused(sqlstate)` runs a block inside a
savepoint and asserts that it fails with exactly that SQLSTATE.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import psycopg

DIMS = 1536
SESSIONS = 8  # concurrent client sessions of the race tests


@dataclass
class Refusal:
    """What a refused block raised (filled in when the block exits)."""

    sqlstate: str | None = None
    message: str = ""


class Db:
    """A connection inside one test transaction, with impersonation and row factories."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self.conn = conn

    # --- impersonation --------------------------------------------------------------
    def _become(self, role: str | None, claims: dict[str, str] | None) -> None:
        self.conn.execute("reset role")
        self.conn.execute(
            "select set_config('request.jwt.claims', %s, true)",
            (json.dumps(claims) if claims else "",),
        )
        if role:
            self.conn.execute(f"set local role {role}")

    def as_user(self, uid: uuid.UUID | str) -> Db:
        self._become("authenticated", {"sub": str(uid), "role": "authenticated"})
        return self

    def as_anon(self) -> Db:
        self._become("anon", {"role": "anon"})
        return self

    def as_service(self) -> Db:
        self._become("service_role", {"role": "service_role"})
        return self

    def as_admin(self) -> Db:
        self._become(None, None)
        return self

    # --- queries --------------------------------------------------------------------
    def all(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[tuple]:
        cur = self.conn.execute(sql, params)
        return cur.fetchall() if cur.description else []

    def one(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> tuple:
        rows = self.all(sql, params)
        assert len(rows) == 1, f"expected one row, got {len(rows)}: {rows!r}"
        return rows[0]

    def val(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        return self.one(sql, params)[0]

    def rowcount(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> int:
        return self.conn.execute(sql, params).rowcount

    @contextmanager
    def refused(self, sqlstate: str, match: str | None = None) -> Iterator[Refusal]:
        """The block must fail with `sqlstate` (and a message containing `match`); the
        savepoint is rolled back, so the test transaction goes on."""
        seen = Refusal()
        try:
            with self.conn.transaction():
                yield seen
        except psycopg.Error as exc:
            seen.sqlstate, seen.message = exc.sqlstate, str(exc)
        assert seen.sqlstate is not None, f"expected SQLSTATE {sqlstate}, but it succeeded"
        assert seen.sqlstate == sqlstate, (
            f"expected SQLSTATE {sqlstate}, got {seen.sqlstate}: {seen.message}"
        )
        if match is not None:
            assert match in seen.message, f"{match!r} not in {seen.message!r}"

    @contextmanager
    def scratch(self) -> Iterator[Db]:
        """A savepoint that is always rolled back (one hypothesis example); role restored."""
        with self.conn.transaction(force_rollback=True):
            yield self

    # --- fixtures (run as the connecting superuser; the caller's role is restored) ---
    @contextmanager
    def _admin(self) -> Iterator[None]:
        role, claims = self.all(
            "select current_setting('role'), current_setting('request.jwt.claims', true)"
        )[0]
        self.conn.execute("reset role")
        try:
            yield
        finally:
            self.conn.execute(
                "select set_config('request.jwt.claims', %s, true)", (claims or "",)
            )
            if role and role != "none":
                self.conn.execute(f"set local role {role}")

    def insert(self, table: str, returning: str = "id", **cols: Any) -> Any:
        """Insert one row as the superuser; return the `returning` column."""
        names = ", ".join(cols)
        marks = ", ".join(["%s"] * len(cols))
        with self._admin():
            return self.val(
                f"insert into public.{table} ({names}) values ({marks}) returning {returning}",
                tuple(cols.values()),
            )

    def user(self, **meta: Any) -> uuid.UUID:
        """A new auth user (the on_auth_user_created trigger creates the profile)."""
        with self._admin():
            return self.val(
                "insert into auth.users (email, raw_user_meta_data) values (%s, %s) returning id",
                (f"{uuid.uuid4().hex[:10]}@example.test", json.dumps(meta)),
            )

    def mashup(
        self,
        creator: uuid.UUID,
        *,
        status: str = "published",
        visibility: str = "public",
        embedding: str | None = None,
        **cols: Any,
    ) -> uuid.UUID:
        cols.setdefault("title", "m-" + uuid.uuid4().hex[:6])
        if embedding is not None:
            cols["embedding"] = embedding
        return self.insert(
            "mashups", creator_id=creator, status=status, visibility=visibility, **cols
        )


def vec(*weights: tuple[int, float]) -> str:
    """A 1536-d vector literal with the given (dimension, weight) pairs, zero elsewhere."""
    v = [0.0] * DIMS
    for dim, w in weights:
        v[dim] = w
    return "[" + ",".join(repr(x) for x in v) + "]"


def run_sessions(url: str, work: Callable[[Db, int], None], n: int = SESSIONS) -> list[str]:
    """Run work(db, i) in n threads that start together; return every SQLSTATE raised."""
    errors: list[str] = []
    barrier = threading.Barrier(n)

    def session(i: int) -> None:
        with psycopg.connect(url, autocommit=False) as conn:
            barrier.wait()
            try:
                work(Db(conn), i)
            except psycopg.Error as exc:
                errors.append(exc.sqlstate or "?")
                conn.rollback()

    threads = [threading.Thread(target=session, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "a session hung"
    return errors
