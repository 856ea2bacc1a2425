"""Poolers: a transaction-mode pooler is refused with the fix; a session pooler works.

The poolers are real ones speaking PostgreSQL's wire protocol in front of the test server
(tests/toolkit/supabase/poolerproxy.py): pgbouncer is not installable from PyPI.
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from helpers import exists, query, target
from poolerproxy import PoolerProxy

from toolkit import engine, status
from toolkit.db import connect, resolve_target
from toolkit.errors import EXIT_USAGE
from toolkit.pooler import TransactionPooler, check_url
from toolkit.project import Project


@pytest.fixture
def transaction_pooler(mashdb_server_url: str) -> Iterator[PoolerProxy]:
    proxy = PoolerProxy(mashdb_server_url, "transaction").start()
    yield proxy
    proxy.stop()


@pytest.fixture
def session_pooler(mashdb_server_url: str) -> Iterator[PoolerProxy]:
    """A session pooler that resets a server connection (DISCARD ALL) before handing it to
    the next client, as PgBouncer's default server_reset_query does."""
    proxy = PoolerProxy(mashdb_server_url, "session", size=2, reset=True).start()
    yield proxy
    proxy.stop()


@pytest.fixture
def unreset_session_pooler(mashdb_server_url: str) -> Iterator[PoolerProxy]:
    """A session pooler that hands server connections on as they are (no reset query)."""
    proxy = PoolerProxy(mashdb_server_url, "session", size=1).start()
    yield proxy
    proxy.stop()


def test_the_transaction_pooler_really_loses_session_state(transaction_pooler, empty_db):
    """What mashdb guards against: a session advisory lock is not the client's any more."""
    url = transaction_pooler.url(empty_db)
    with psycopg.connect(url, autocommit=True) as holder:
        assert holder.execute("select pg_try_advisory_lock(42)").fetchone()[0]
        with psycopg.connect(url, autocommit=True) as stranger:
            # the stranger is handed the holder's server connection, lock included
            assert stranger.execute("select pg_try_advisory_lock(42)").fetchone()[0]
            stranger.execute("select pg_advisory_unlock_all()")


def test_migrate_through_a_transaction_pooler_is_refused_and_changes_nothing(
    transaction_pooler, empty_db, repo_project
):
    url = transaction_pooler.url(empty_db)
    with pytest.raises(TransactionPooler, match="transaction-mode pooler.*use the session pooler"):
        engine.migrate(target(url), repo_project)
    with pytest.raises(TransactionPooler):
        engine.rollback(target(url), repo_project, everything=True)
    assert not exists(empty_db, "mashdb._yoyo_migration") and not exists(
        empty_db, "public.profiles"
    )


def test_the_cli_refuses_a_transaction_pooler_in_one_line(transaction_pooler, empty_db, cli):
    run = cli("migrate", "--database-url", transaction_pooler.url(empty_db))
    assert run.exit_code == EXIT_USAGE
    lines = run.output.strip().splitlines()
    assert len(lines) == 1 and "direct connection" in lines[0], run.output


def test_migrate_status_and_rollback_work_through_a_session_pooler(
    session_pooler, empty_db, repo_project
):
    url = session_pooler.url(empty_db)
    engine.migrate(target(url), repo_project, to="0004")
    assert status.get_status(target(url), repo_project).current == "0004_challenges"
    engine.rollback(target(url), repo_project, steps=1)
    assert status.get_status(target(url), repo_project).current == "0003_mashup_social"
    assert exists(empty_db, "public.follows") and not exists(empty_db, "public.challenges")


def test_a_session_pooler_too_busy_for_the_probe_is_not_refused(
    mashdb_server_url, empty_db, repo_project
):
    proxy = PoolerProxy(mashdb_server_url, "session", size=1).start()
    try:
        engine.migrate(target(proxy.url(empty_db)), repo_project, to="0001")
    finally:
        proxy.stop()
    assert exists(empty_db, "public.profiles")


def test_automatic_prepared_statements_break_a_session_pooler_but_mashdb_never_prepares(
    unreset_session_pooler, empty_db
):
    """psycopg's default prepares the 6th run of a query as `_pg3_0`; a pooler that does not
    reset its server connection hands that statement on to the next client."""
    url = unreset_session_pooler.url(empty_db)
    with psycopg.connect(url, autocommit=True) as first:
        for _ in range(6):
            first.execute("select 1 where %s", (True,))
    with psycopg.connect(url, autocommit=True) as second:
        with pytest.raises(psycopg.errors.DuplicatePreparedStatement):
            for _ in range(6):
                second.execute("select 2 where %s", (True,))
    query(empty_db, "select 1")  # the direct path is unaffected
    for _ in range(2):
        with connect(url) as conn:  # mashdb's connections, one after the other
            for _ in range(8):
                assert conn.execute("select 3 where %s", (True,)).fetchone() == (3,)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://postgres.abcdefgh:secret@aws-0-eu-central-1.pooler.supabase.com:6543/postgres",
        "host=aws-0-us-east-1.pooler.supabase.com port=6543 user=postgres.x dbname=postgres",
    ],
)
def test_a_supabase_transaction_pooler_url_is_refused_before_connecting(url, cli):
    with pytest.raises(TransactionPooler, match="port 6543.*session pooler"):
        resolve_target(url, Project(__import__("helpers").REPO), env={})
    run = cli("status", "--database-url", url)
    assert run.exit_code == EXIT_USAGE and "secret" not in run.output
    assert "transaction pooler" in run.output


def test_the_session_pooler_and_the_direct_supabase_urls_pass_the_url_check():
    for url in (
        "postgresql://postgres.abcdefgh:pw@aws-0-eu-central-1.pooler.supabase.com:5432/postgres",
        "postgresql://postgres:pw@db.abcdefgh.supabase.co:5432/postgres",
        "postgresql://postgres:pw@db.abcdefgh.supabase.co:6543/postgres",
    ):
        check_url(url, "the target")
