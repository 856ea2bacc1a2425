"""Fixtures of the reliability suite (databases come from mashdb's pytest plugin)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from toolkit import db, testdb
from toolkit.pytest_plugin import db_name


@pytest.fixture
def second_db(mashdb_server_url: str) -> Iterator[str]:
    """Another fresh empty database (a reference to compare with)."""
    url = db.create_database(mashdb_server_url, testdb.unique_name("mashdb_ref"))
    yield url
    db.drop_database(mashdb_server_url, db_name(url))
