"""The impersonation client: plain psycopg, no pytest.

It does what PostgREST does for a request — `set local role <role>` plus one
transaction-local `request.jwt.claims` JSON setting (sub, role, email, aal,
is_anonymous) — and runs each statement under test inside a savepoint, so a test
can switch persona any number of times inside one transaction and every attempt
leaves the data as it found it.

An attempt ends in one of three outcomes, told apart on purpose:
  allowed   — the statement succeeded, touched rows, and the effect is visible
              to the database owner afterwards (an UPDATE that RLS silently
              filtered to zero rows is *not* allowed: it is invisible);
  denied    — PostgreSQL raised 42501 (missing privilege, or
              "new row violates row-level security policy");
  invisible — no error, zero rows read or affected.
Any other error is reported as `error` with its SQLSTATE.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any

import psycopg
from psycopg import sql
from psycopg.types.json import set_json_loads

from toolkit import queries

ALLOWED = "allowed"
DENIED = "denied"
INVISIBLE = "invisible"
ERROR = "error"

PRIVILEGE_SQLSTATE = "42501"
HARNESS_SQLSTATE = "MDB01"  # a malformed attempt of attempt_many (toolkit/queries/rls/attempts.sql)


class RLSAssertionError(AssertionError):
    """An RLS expectation did not hold (subclasses AssertionError so pytest shows it well)."""


class BatchError(RuntimeError):
    """An attempt of `RLSClient.attempt_many` was malformed (SQLSTATE MDB01): no statement,
    or a setup statement failed or did not return the one row its label names."""


class ExpectedAllowed(RLSAssertionError):
    """The statement was expected to succeed with a visible effect."""


class ExpectedDenied(RLSAssertionError):
    """The statement was expected to raise 42501."""


class ExpectedInvisible(RLSAssertionError):
    """The statement was expected to succeed on zero rows."""


@dataclass(frozen=True)
class User:
    """A signed-in user: an auth.users row (its profile comes from the sign-up trigger)."""

    id: uuid.UUID
    email: str
    label: str = ""
    is_anonymous: bool = False

    def __str__(self) -> str:
        return self.label or self.email


@dataclass(frozen=True)
class Persona:
    """Who runs a statement: a database role plus the JWT claims PostgREST would set."""

    role: str  # anon | authenticated | service_role
    user: User | None = None
    aal: str = "aal1"

    @property
    def claims(self) -> dict[str, Any]:
        claims: dict[str, Any] = {"role": self.role}
        if self.user is not None:
            claims.update(
                sub=str(self.user.id),
                email=self.user.email,
                aal=self.aal,
                is_anonymous=self.user.is_anonymous,
            )
        return claims

    @property
    def label(self) -> str:
        return str(self.user) if self.user else self.role


ANON = Persona("anon")
SERVICE_ROLE = Persona("service_role")


@dataclass(frozen=True)
class Outcome:
    """What happened when a persona ran one statement."""

    kind: str  # allowed | denied | invisible | error
    rowcount: int = 0
    rows: tuple[tuple[Any, ...], ...] = ()
    sqlstate: str | None = None
    message: str | None = None
    statement: str = ""
    persona: str = ""
    labels: Mapping[str, Any] = field(default_factory=dict)  # kept setup rows (attempt_many)

    @property
    def allowed(self) -> bool:
        return self.kind == ALLOWED

    @property
    def denied(self) -> bool:
        return self.kind == DENIED

    @property
    def invisible(self) -> bool:
        return self.kind == INVISIBLE

    def describe(self) -> str:
        if self.kind == ALLOWED:
            return f"allowed ({self.rowcount} row(s))"
        if self.kind == INVISIBLE:
            return "invisible (no error, 0 rows)"
        return f"{self.kind} ({self.sqlstate}: {self.message})"


@dataclass
class Counter:
    """Counts outcome assertions (thread-safe), for the suite's assertions/second figure."""

    assertions: int = 0
    attempts: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def assertion(self, n: int = 1) -> None:
        with self._lock:
            self.assertions += n

    def attempt(self) -> None:
        with self._lock:
            self.attempts += 1


COUNTER = Counter()
"""Process-wide counter; the pytest plugin reports it at the end of a run."""

Verify = Callable[[psycopg.Connection], bool]


@dataclass(frozen=True)
class Attempt:
    """One statement for `RLSClient.attempt_many`: SQL with its literals inlined (see
    `RLSClient.inline`), tried as `persona` (None: the connection's own role).

    `verify`: SQL returning one boolean, run as the owner after a statement that touched
    rows (false: invisible). `setup`: (sql, label) statements run as the owner first; a
    labelled one's single row's first column replaces `{label}` in `query` and `verify`.
    `rowless`: success counts as one row (TRUNCATE). `quiet`: suppress triggers where the
    connection may. `check`: the statement returns (permitted, refused_on); not permitted
    is reported as 42501. `keep`: keep the effect. `fetch`: return every row, not only
    the first."""

    query: str
    persona: Persona | None = None
    verify: str | None = None
    setup: tuple[tuple[str, str | None], ...] = ()
    rowless: bool = False
    quiet: bool = False
    check: bool = False
    keep: bool = False
    fetch: bool = False

    def as_json(self) -> dict[str, Any]:
        head = self.query.lstrip().split(None, 1)[0].lower() if self.query.strip() else ""
        item: dict[str, Any] = {"sql": self.query, "rows": head in ROW_STATEMENTS}
        if self.persona is not None:
            item.update(role=self.persona.role, claims=json.dumps(self.persona.claims))
        if self.verify is not None:
            item["verify"] = self.verify
        if self.setup:
            item["setup"] = [{"sql": s, "label": label} for s, label in self.setup]
        for flag in ("rowless", "quiet", "check", "keep", "fetch"):
            if getattr(self, flag):
                item[flag] = True
        return item


ROW_STATEMENTS = frozenset({"select", "with", "values", "table"})


def _attempts_function() -> str:
    return queries.load("rls/attempts")


class RLSClient:
    """Impersonation and outcome assertions on one psycopg connection.

    The connection must already be inside a transaction (the pytest fixtures open one
    per test and roll it back); every `attempt` runs in a savepoint that is rolled back.
    """

    def __init__(self, conn: psycopg.Connection, counter: Counter = COUNTER) -> None:
        self.conn = conn
        self.counter = counter
        self._stack: list[Persona | None] = [None]

    # -- users --------------------------------------------------------------------------

    def make_user(
        self,
        label: str = "",
        *,
        email: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        is_anonymous: bool = False,
    ) -> User:
        """Insert an auth.users row as the database owner; the real trigger makes the profile."""
        uid = uuid.uuid4()
        email = email or f"{label or 'user'}-{uid.hex[:8]}@rls.test"
        with self.as_owner():
            self.conn.execute(
                "insert into auth.users (id, email, raw_user_meta_data, is_anonymous) "
                "values (%s, %s, %s::jsonb, %s)",
                (uid, email, json.dumps(dict(metadata or {})), is_anonymous),
            )
        return User(uid, email, label, is_anonymous)

    # -- impersonation ------------------------------------------------------------------

    @property
    def current(self) -> Persona | None:
        return self._stack[-1]

    def _apply(self, persona: Persona | None) -> None:
        if persona is None:
            self.conn.execute(
                "select set_config('role', 'none', true), "
                "set_config('request.jwt.claims', '', true)"
            )
            return
        # set_config('role', r, true) is SET LOCAL ROLE r: one round trip for both settings
        self.conn.execute(
            "select set_config('role', %s, true), set_config('request.jwt.claims', %s, true)",
            (persona.role, json.dumps(persona.claims)),
        )

    @contextmanager
    def impersonate(self, persona: Persona | None) -> Iterator[RLSClient]:
        """Run the block as `persona` (None = the connection's own role); nests and restores."""
        self._stack.append(persona)
        self._apply(persona)
        try:
            yield self
        finally:
            self._stack.pop()
            if not self.conn.closed and self.conn.info.transaction_status in (
                psycopg.pq.TransactionStatus.INTRANS,
            ):
                self._apply(self._stack[-1])

    def as_user(self, user: User, *, aal: str = "aal1") -> Any:
        """`set local role authenticated` with the user's claims."""
        return self.impersonate(Persona("authenticated", user, aal))

    def as_anon(self) -> Any:
        """`set local role anon` with claims {"role": "anon"}."""
        return self.impersonate(ANON)

    def as_service_role(self) -> Any:
        """`set local role service_role` (BYPASSRLS) with claims {"role": "service_role"}."""
        return self.impersonate(SERVICE_ROLE)

    def as_owner(self) -> Any:
        """Back to the connection's own role (the database owner), e.g. to build rows."""
        return self.impersonate(None)

    # -- statements ---------------------------------------------------------------------

    def execute(self, query: Any, params: Sequence[Any] | Mapping[str, Any] | None = None) -> Any:
        """Run a statement as the current persona, outside any savepoint (effects persist)."""
        return self.conn.execute(query, params)

    def attempt(
        self,
        query: Any,
        params: Sequence[Any] | Mapping[str, Any] | None = None,
        *,
        verify: Verify | None = None,
        keep: bool = False,
        rowless: bool = False,
    ) -> Outcome:
        """Run one statement in a savepoint as the current persona and classify the result.

        `verify(conn)` runs as the database owner right after a successful statement that
        touched rows; returning False turns the outcome into `invisible` (the effect did
        not happen). `rowless` statements (TRUNCATE, DDL) report no row count: success
        counts as one row, so `verify` decides. The savepoint is rolled back unless `keep`.
        """
        self.counter.attempt()
        persona = self.current.label if self.current else "owner-role"
        text = query if isinstance(query, str) else repr(query)
        try:
            with self.conn.transaction(force_rollback=not keep):
                cur = self.conn.execute(query, params)
                rows: tuple[tuple[Any, ...], ...] = ()
                if cur.description is not None:
                    rows = tuple(cur.fetchall())
                if rowless:
                    count = 1
                elif cur.description is not None:
                    count = len(rows)
                else:
                    count = max(cur.rowcount, 0)
                if count and verify is not None:
                    self._apply(None)
                    ok = bool(verify(self.conn))
                    self._apply(self.current)
                    if not ok:
                        count = 0
                kind = ALLOWED if count else INVISIBLE
                return Outcome(kind, count, rows, statement=text, persona=persona)
        except psycopg.Error as exc:
            state = exc.sqlstate
            msg = (exc.diag.message_primary if exc.diag else None) or str(exc)
            kind = DENIED if state == PRIVILEGE_SQLSTATE else ERROR
            return Outcome(kind, 0, (), state, msg, text, persona)

    # -- many statements in one round trip ----------------------------------------------

    def inline(self, query: Any, params: Sequence[Any] | Mapping[str, Any] | None = None) -> str:
        """`query` with `params` as SQL literals (for an `Attempt`)."""
        if isinstance(query, sql.Composable):
            query = query.as_string(self.conn)
        if params is None:
            return str(query)
        return psycopg.ClientCursor(self.conn).mogrify(query, params)

    def attempt_many(self, attempts: Sequence[Attempt], *, undo: bool = False) -> list[Outcome]:
        """Run `attempts` server-side in one round trip, each as `RLSClient.attempt` would:
        in a savepoint (rolled back unless `keep`), as its persona, classified the same way.
        `undo` also rolls back what the kept attempts did, once all have run.

        Uses temporary functions (toolkit/queries/rls/attempts.sql) created in the current
        transaction, so nothing outlives it; needs the TEMP privilege on the database."""
        return self.attempt_groups([((), attempts)], undo=undo)[0]

    def attempt_groups(
        self, groups: Sequence[tuple[Sequence[str], Sequence[Attempt]]], *, undo: bool = False
    ) -> list[list[Outcome]]:
        """`attempt_many` for groups, all in one round trip: a group's setup statements
        (as the owner, e.g. a DROP POLICY) run once before its attempts and are rolled
        back after them, with whatever they kept."""
        if not any(attempts for _, attempts in groups):
            return [[] for _ in groups]
        for _, attempts in groups:
            for _ in attempts:
                self.counter.attempt()
        batch = json.dumps(
            [
                {
                    "setup": list(setup),
                    "attempts": [a.as_json() for a in attempts],
                    "undo": bool(setup) or undo,
                }
                for setup, attempts in groups
            ]
        )
        script = sql.SQL(
            "savepoint mashdb_rls_batch; {functions}; "
            "select * from pg_temp.mashdb_rls_groups({batch}::jsonb) as r ("
            "o_idx integer, o_kind text, o_nrows bigint, o_sqlstate text, o_message text, "
            "o_rows json, o_labels json); release savepoint mashdb_rls_batch"
        ).format(functions=sql.SQL(_attempts_function()), batch=sql.Literal(batch))
        cur = self.conn.cursor()
        set_json_loads(partial(json.loads, parse_float=Decimal), cur)  # numeric stays exact
        try:
            cur.execute(script)
        except psycopg.Error:
            self.conn.execute(
                "rollback to savepoint mashdb_rls_batch; release savepoint mashdb_rls_batch"
            )
            raise
        while cur.description is None or len(cur.description) != 7:
            if not cur.nextset():
                raise RuntimeError("the attempts batch returned no result")
        rows = iter(cur.fetchall())
        out: list[list[Outcome]] = []
        for _, attempts in groups:
            done = []
            for a in attempts:
                _, kind, nrows, sqlstate, message, fetched, labels = next(rows)
                if sqlstate == HARNESS_SQLSTATE:
                    raise BatchError(f"{message}\n  statement: {a.query}")
                done.append(
                    Outcome(
                        kind,
                        int(nrows),
                        tuple(tuple(r) for r in fetched or ()),
                        sqlstate,
                        message,
                        a.query,
                        a.persona.label if a.persona else "owner-role",
                        labels or {},
                    )
                )
            out.append(done)
        return out

    # -- assertions ---------------------------------------------------------------------

    def _check(
        self, outcome: Outcome, want: str, exc: type[RLSAssertionError], what: str
    ) -> Outcome:
        self.counter.assertion()
        if outcome.kind != want:
            raise exc(
                f"{what}: expected {want} as {outcome.persona}, got {outcome.describe()}\n"
                f"  statement: {outcome.statement}"
            )
        return outcome

    def assert_allowed(
        self, query: Any, params: Any = None, *, verify: Verify | None = None, keep: bool = False
    ) -> Outcome:
        """Succeeds, touches >= 1 row, and (with `verify`) the effect is visible."""
        return self._check(
            self.attempt(query, params, verify=verify, keep=keep),
            ALLOWED,
            ExpectedAllowed,
            "allowed",
        )

    def assert_denied(self, query: Any, params: Any = None) -> Outcome:
        """Raises 42501 (no privilege, or a WITH CHECK / INSERT policy violation)."""
        return self._check(self.attempt(query, params), DENIED, ExpectedDenied, "denied")

    def assert_invisible(self, query: Any, params: Any = None) -> Outcome:
        """No error and zero rows read or affected (RLS filtered them out)."""
        return self._check(self.attempt(query, params), INVISIBLE, ExpectedInvisible, "invisible")

    def assert_outcome(
        self, want: str, query: Any, params: Any = None, *, verify: Verify | None = None
    ) -> Outcome:
        """Dispatch on a matrix word: allowed | denied | invisible."""
        table = {
            ALLOWED: (ExpectedAllowed, "allowed"),
            DENIED: (ExpectedDenied, "denied"),
            INVISIBLE: (ExpectedInvisible, "invisible"),
        }
        exc, what = table[want]
        return self._check(self.attempt(query, params, verify=verify), want, exc, what)

    def assert_raises(self, sqlstate: str, query: Any, params: Any = None) -> Outcome:
        """Raises exactly `sqlstate` (e.g. a function's documented refusal)."""
        outcome = self.attempt(query, params)
        self.counter.assertion()
        if outcome.sqlstate != sqlstate:
            raise RLSAssertionError(
                f"expected SQLSTATE {sqlstate} as {outcome.persona}, got {outcome.describe()}\n"
                f"  statement: {outcome.statement}"
            )
        return outcome

    def count_visible(self, table: str) -> int:
        """Rows of `schema.table` the current persona can see."""
        schema, name = table.split(".", 1) if "." in table else ("public", table)
        q = sql.SQL("select count(*) from {}.{}").format(
            sql.Identifier(schema), sql.Identifier(name)
        )
        row = self.conn.execute(q).fetchone()
        return int(row[0]) if row else 0
