"""A database error that is not the server's is not reported as a lost connection.

`db.database_error` turns every psycopg error raised outside a migration file into one line.
Errors the driver raises itself carry no SQLSTATE; only a closed or broken connection is a lost
connection, anything else (a query the driver refused to send) is a plain failure."""

from __future__ import annotations

import psycopg
import pytest

from toolkit import db
from toolkit.errors import ConnectionFailed, MigrationFailed


def _raised(url: str, act) -> psycopg.Error:
    with psycopg.connect(url, autocommit=True) as conn:
        with pytest.raises(psycopg.Error) as caught:
            act(conn)
    return caught.value


def test_a_driver_side_error_is_a_failure_not_a_lost_connection(empty_db: str) -> None:
    exc = _raised(empty_db, lambda conn: conn.execute("select %s", ()))
    assert exc.sqlstate is None
    err = db.database_error(exc, empty_db, "reading the bookkeeping")
    assert isinstance(err, MigrationFailed)
    assert "lost the connection" not in str(err)
    assert "placeholder" in str(err) and "no SQLSTATE" in str(err)


def test_a_closed_connection_is_a_lost_connection(empty_db: str) -> None:
    def closed(conn: psycopg.Connection) -> None:
        conn.close()
        conn.execute("select 1")

    exc = _raised(empty_db, closed)
    err = db.database_error(exc, empty_db, "reading the bookkeeping")
    assert isinstance(err, ConnectionFailed)
    assert "lost the connection" in str(err) and "SQLSTATE 08006" in str(err)


def test_a_server_error_keeps_its_sqlstate(empty_db: str) -> None:
    exc = _raised(empty_db, lambda conn: conn.execute("select 1/0"))
    err = db.database_error(exc, empty_db, "reading the bookkeeping")
    assert isinstance(err, MigrationFailed)
    assert "division by zero (SQLSTATE 22012)" in str(err)


def test_a_terminated_backend_is_a_lost_connection(empty_db: str) -> None:
    def terminated(conn: psycopg.Connection) -> None:
        with psycopg.connect(empty_db, autocommit=True) as killer:
            killer.execute("select pg_terminate_backend(%s)", (conn.info.backend_pid,))
        conn.execute("select 1")

    exc = _raised(empty_db, terminated)
    err = db.database_error(exc, empty_db, "reading the bookkeeping")
    assert isinstance(err, ConnectionFailed)
