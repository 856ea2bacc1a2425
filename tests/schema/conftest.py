"""Fixtures of the schema tests: one migrated clone per module, one rolled-back
transaction per test (see kit.py)."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from toolkit import db as tdb
from toolkit import testdb
from toolkit.pytest_plugin import TestEnv, db_name

from .kit import Db


@pytest.fixture(scope="module")
def module_url(mashdb_env: TestEnv) -> Iterator[str]:
    """A database at head cloned for this module; dropped afterwards."""
    url = testdb.clone(mashdb_env.server_url, mashdb_env.template)
    yield url
    tdb.drop_database(mashdb_env.server_url, db_name(url))


@pytest.fixture(scope="module")
def module_conn(module_url: str) -> Iterator[psycopg.Connection]:
    conn = psycopg.connect(module_url, autocommit=False)
    yield conn
    conn.close()


@pytest.fixture
def db(module_conn: psycopg.Connection) -> Iterator[Db]:
    """The module's connection in a fresh transaction, rolled back after the test."""
    module_conn.rollback()
    try:
        yield Db(module_conn)
    finally:
        module_conn.rollback()
