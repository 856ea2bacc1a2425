"""yoyo-migrations' PostgreSQL backend, adapted to run inside mashdb's transactions.

What is kept from yoyo: its bookkeeping tables (`_yoyo_migration`, `_yoyo_log`,
`_yoyo_version`, created and upgraded by yoyo's own internal migrations) and the SQL that
marks, unmarks and logs a migration. What is changed, and why (yoyo 9):
- one connection, ours: yoyo applies a migration on a copied connection and records it
  afterwards in another transaction, so a crash in between leaves it applied but unrecorded.
  Here the statements, yoyo's rows and mashdb's checksum row commit in one transaction.
- no `yoyo_lock` row: a SIGKILLed process leaves that row behind and blocks everyone. The
  engine holds a session-level advisory lock instead, which PostgreSQL frees with the session.
- no DDL at construction: yoyo's `init_database` creates the lock table and a probe table,
  so even a read-only status needed CREATE. Tables are created only by `ensure_schema()`,
  which `migrate`/`rollback` call under the lock.
- tables in schema `mashdb`, not `public`, which PostgREST exposes.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator

import psycopg

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from yoyo import internalmigrations
    from yoyo.backends.core.postgresql import PostgresqlPsycopgBackend

from toolkit import queries

SCHEMA = "mashdb"


class BookkeepingBackend(PostgresqlPsycopgBackend):
    """yoyo's backend bound to an open psycopg connection (autocommit; the engine brackets
    transactions itself)."""

    def __init__(self, connection: psycopg.Connection) -> None:
        self._given_connection = connection
        super().__init__(f"mashdb-session-{id(connection)}", "_yoyo_migration")

    def connect(self, dburi: object) -> psycopg.Connection:
        return self._given_connection

    def quote_identifier(self, s: str) -> str:
        # yoyo formats its table names both through `*_quoted` attributes and through
        # `quote_identifier(name)` directly (internalmigrations); qualify them in one place.
        quoted = super().quote_identifier(s)
        if s in (self.migration_table, self.log_table, self.version_table, self.lock_table):
            return f"{SCHEMA}.{quoted}"
        return quoted

    def list_tables(self, **kwargs: object) -> list[str]:
        rows = self._given_connection.execute(
            "select table_name from information_schema.tables where table_schema = %s",
            (SCHEMA,),
        ).fetchall()
        return [row[0] for row in rows]

    @contextlib.contextmanager
    def lock(self, timeout: int = 10) -> Iterator[None]:
        # The engine already holds mashdb's advisory lock; yoyo's lock-table row is not used.
        yield

    def ensure_schema(self) -> None:
        """Create mashdb's and yoyo's bookkeeping tables if missing (caller holds the lock).

        One transaction for both: yoyo's own `ensure_internal_schema_updated()` commits
        separately (and asserts no transaction is open), so a kill between the two left
        mashdb's tables without yoyo's. Marking the backend as inside a transaction makes
        yoyo's `internalmigrations.upgrade` use a savepoint in ours instead of BEGIN/COMMIT.
        """
        conn = self._given_connection
        with conn.transaction():
            conn.execute(queries.load("bookkeeping"))
            if internalmigrations.needs_upgrading(self):
                self._in_transaction = True
                try:
                    internalmigrations.upgrade(self)
                finally:
                    self._in_transaction = False
        self._internal_schema_updated = True
