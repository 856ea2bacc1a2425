"""Connection poolers: refuse a transaction-mode pooler, stay safe behind a session pooler.

A transaction-mode pooler (Supabase's on port 6543, PgBouncer or Supavisor in
`pool_mode = transaction`) hands each transaction to whichever server connection is free,
so nothing a session sets survives to the next transaction: mashdb's migration lock (a
session advisory lock) would be held by a server connection another client then uses, and
`set_config(..., false)` settings (lock_timeout, statement_timeout) would apply to
strangers. Rather than failing obscurely later, mashdb refuses such a target up front:

- `check_url`: a Supabase pooler host (`*.pooler.supabase.com`) on port 6543, before
  connecting at all;
- `require_session`: at run time, before the migration lock. A pooler answers the
  connection's startup itself, so the backend pid it announces (BackendKeyData, for
  cancel requests) is not the pid of the server connection behind it: when the two agree
  the client talks to PostgreSQL directly and nothing more is asked. Behind a pooler, a
  second client asks for its backend pid: a transaction pooler hands it the server
  connection the first client just used (pgbouncer's pool is last in, first out), or the
  first client comes back on another one. Two sessions never share a backend pid, so a
  session pooler is never refused; a pooler too busy to serve the second client within
  PROBE_SECONDS leaves the question open, and mashdb goes on.

Server-side prepared statements are the other session state a pooler can break: psycopg
prepares a query automatically once it has run `prepare_threshold` (5) times on a
connection, under names `_pg3_0`, `_pg3_1`, … that every new connection starts again from.
A session pooler that hands a server connection to the next client without resetting it
then makes that client's first prepare fail (`prepared statement "_pg3_0" already exists`,
42P05). mashdb's connections therefore never prepare (`toolkit.db.connect` passes
`prepare_threshold=None`): its statements run once each (migration files) or a handful of
times (bookkeeping, catalog reads), so preparing would save nothing measurable.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import psycopg
from psycopg.conninfo import conninfo_to_dict

from toolkit.errors import ConfigError

SUPABASE_POOLER_SUFFIX = ".pooler.supabase.com"
TRANSACTION_PORT = "6543"
PROBE_SECONDS = 5.0
FIX = (
    "mashdb needs a session: use the session pooler (the same host on port 5432) or the "
    "direct connection (db.<project-ref>.supabase.co:5432)"
)


class TransactionPooler(ConfigError):
    """The target is a transaction-mode pooler, which keeps no session state."""


def check_url(url: str, shown: str) -> None:
    """Refuse a Supabase transaction pooler URL (host *.pooler.supabase.com, port 6543)."""
    params = conninfo_to_dict(url)
    hosts = str(params.get("host") or "").split(",")
    ports = str(params.get("port") or "").split(",")
    for i, host in enumerate(hosts):
        port = ports[i] if i < len(ports) else ports[-1]
        if host.lower().endswith(SUPABASE_POOLER_SUFFIX) and port == TRANSACTION_PORT:
            raise TransactionPooler(
                f"{shown} is Supabase's transaction pooler (port {TRANSACTION_PORT}), which keeps "
                f"no session state (advisory locks, settings, prepared statements); {FIX}"
            )


def require_session(
    conn: psycopg.Connection, open_other: Callable[[], psycopg.Connection], shown: str
) -> None:
    """Refuse when `conn` goes through a pooler whose server connection changes between
    transactions (see the module's docstring)."""
    first = _backend_pid(conn)
    if conn.info.backend_pid == first:
        return  # PostgreSQL itself announced this pid: no pooler in between
    seen: list[int] = []

    def probe() -> None:
        try:
            with open_other() as other:
                seen.append(_backend_pid(other))
        except Exception:  # noqa: BLE001 - a pooler that cannot serve a second client: no answer
            pass

    thread = threading.Thread(target=probe, name="mashdb-pooler-probe", daemon=True)
    thread.start()
    thread.join(PROBE_SECONDS)
    again = _backend_pid(conn)
    if (seen and seen[0] == first) or again != first:
        other = f"; another client got {seen[0]}" if seen else ""
        raise TransactionPooler(
            f"{shown} is behind a transaction-mode pooler: the server connection changed "
            f"between two transactions (backend pid {first}, then {again}{other}), so the "
            f"migration lock and session settings would not hold; {FIX}"
        )


def _backend_pid(conn: psycopg.Connection) -> int:
    return conn.execute("select pg_backend_pid()").fetchone()[0]
