"""`mashdb test` and `mashdb policies` on a real database: other people's rows, another
client holding locks all along, two workers, and a database that is not at the code."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from helpers import REPO, mashdb_test, query

from toolkit.db import connect
from toolkit.rls.executed import SharedDatabaseError, execute_matrix
from toolkit.rls.matrix import default_path, load

FOREIGN_ROWS = REPO / "tests" / "toolkit" / "fixtures" / "rls_foreign_rows.sql"
SCHEMAS = ("public", "auth")

# nextval is never rolled back: probe inserts advance these identity sequences
ADVANCING_SEQUENCES = {
    "public.analytics_events_id_seq",
    "public.xp_transactions_id_seq",
}


@pytest.fixture
def foreign_db(migrated_db: str) -> str:
    """A migrated database that already holds other people's rows (committed)."""
    query(migrated_db, FOREIGN_ROWS.read_text())
    return migrated_db


def fingerprint(url: str) -> dict[str, str]:
    """A digest of every row of every table in public and auth, and of the catalog the suite
    could touch (relations with their grants, policies, functions)."""
    out: dict[str, str] = {}
    with connect(url) as conn:
        tables = conn.execute(
            "select c.oid::regclass::text from pg_class as c join pg_namespace as n "
            "on n.oid = c.relnamespace where c.relkind in ('r', 'p') and n.nspname = any(%s) "
            "order by 1",
            (list(SCHEMAS),),
        ).fetchall()
        for (table,) in tables:
            out[table] = conn.execute(
                f"select count(*) || ':' || md5(coalesce(string_agg(t::text, '|' "
                f"order by t::text), '')) from {table} as t"
            ).fetchone()[0]
        out["catalog"] = conn.execute(
            "select md5(string_agg(x, '|' order by x)) from ("
            " select c.oid::regclass::text || coalesce(c.relacl::text, '') as x from pg_class "
            " as c join pg_namespace as n on n.oid = c.relnamespace where n.nspname = any(%(s)s)"
            " union all select schemaname || tablename || policyname || coalesce(qual, '') "
            " || coalesce(with_check, '') from pg_policies"
            " union all select p.oid::regprocedure::text || p.prosrc || coalesce(p.proacl::text,"
            " '') from pg_proc as p join pg_namespace as n on n.oid = p.pronamespace"
            " where n.nspname = any(%(s)s)) as catalog",
            {"s": list(SCHEMAS)},
        ).fetchone()[0]
    return out


def sequences(url: str) -> dict[str, int]:
    rows = query(
        url,
        "select schemaname || '.' || sequencename, coalesce(last_value, 0) from pg_sequences "
        "where schemaname = any(%s)",
        (list(SCHEMAS),),
    )
    return dict(rows)


@contextmanager
def application_writing(url: str) -> Iterator[psycopg.Connection]:
    """Another client in an open transaction holding ROW EXCLUSIVE — what any INSERT,
    UPDATE or DELETE takes — on every table of public, until the block ends."""
    conn = psycopg.connect(url, application_name="the-app")
    try:
        tables = conn.execute(
            "select c.oid::regclass::text from pg_class as c join pg_namespace as n "
            "on n.oid = c.relnamespace where c.relkind in ('r', 'p') and n.nspname = 'public'"
        ).fetchall()
        for (table,) in tables:
            conn.execute(f"lock table {table} in row exclusive mode")
        yield conn
    finally:
        conn.rollback()
        conn.close()


def test_mashdb_test_on_a_shared_database_with_foreign_rows_and_two_workers(foreign_db):
    """Other people's rows, an application writing to every table all along, `-n 2`: the
    suite passes, never waits for a table lock (lock_timeout would fail it), and leaves
    every row and the catalog as it found them; only identity sequences advance."""
    rows, seqs = fingerprint(foreign_db), sequences(foreign_db)
    with application_writing(foreign_db):
        code, last, err = mashdb_test(
            foreign_db, "-n", "2", env={"PGOPTIONS": "-c lock_timeout=20s"}
        )
    assert code == 0, f"{last}\n{err[-2000:]}"
    match = re.match(r"(\d+) passed, 0 failed", last)
    assert match and int(match.group(1)) > 500, last
    assert fingerprint(foreign_db) == rows
    after = sequences(foreign_db)
    moved = {name for name, value in after.items() if value != seqs[name]}
    assert moved <= ADVANCING_SEQUENCES, moved
    assert all(after[name] > seqs[name] for name in moved)


def test_mashdb_policies_on_a_database_with_foreign_rows(cli, foreign_db):
    rows = fingerprint(foreign_db)
    with application_writing(foreign_db):
        result = cli(
            "--project", str(REPO), "policies", "--format", "json", "--database-url", foreign_db
        )
    assert result.exit_code == 0, result.output
    assert '"public.mashups"' in result.output
    assert fingerprint(foreign_db) == rows


def test_shared_probes_take_no_table_lock_attribution_does(foreign_db):
    """Both sides of the lock claim, with another client writing to every table: the
    shared-database probes of a table finish; attribution (DROP POLICY) and a real
    TRUNCATE of the same table need ACCESS EXCLUSIVE and time out (55P03)."""
    matrix = load(default_path(REPO))
    with application_writing(foreign_db), connect(foreign_db) as conn:
        conn.execute("set lock_timeout = '300ms'")
        shared = execute_matrix(conn, matrix, tables=["public.mashups"], shared=True)
        assert shared.cells[("public.mashups", "truncate", "service_role")].outcome == "allowed"
        assert shared.cells[("public.mashups", "truncate", "anon")].outcome == "denied"
        exclusive = execute_matrix(conn, matrix, tables=["public.mashups"])
        truncate = exclusive.cells[("public.mashups", "truncate", "service_role")]
        assert truncate.results[0].sqlstate == "55P03", truncate.explain()
        with pytest.raises(psycopg.errors.LockNotAvailable):
            execute_matrix(conn, matrix, tables=["public.mashups"], attribute=True)
        with pytest.raises(SharedDatabaseError):
            execute_matrix(conn, matrix, attribute=True, shared=True)


def test_lock_free_truncate_cases_agree_with_real_truncates(migrated_db):
    """On a database of its own, every TRUNCATE case decided by privilege (shared mode)
    equals the real TRUNCATE ... CASCADE, persona by persona."""
    matrix = load(default_path(REPO))
    with connect(migrated_db) as conn:
        real = execute_matrix(conn, matrix)
        checked = execute_matrix(conn, matrix, shared=True)
    keys = [k for k in real.cells if k[1] == "truncate"]
    assert len(keys) > 50
    assert {k for k in keys if real.cells[k].outcome == "allowed"}
    for key in keys:
        assert [(r.kind, r.sqlstate) for r in checked.cells[key].results] == [
            (r.kind, r.sqlstate) for r in real.cells[key].results
        ], key


# ---------------------------------------------------------------------------------------
# a database that is not at the code's migrations: one line, exit code 2


def _last_migration() -> str:
    return sorted(p.name for p in (REPO / "sql" / "migrations").glob("[0-9]*.sql"))[-1]


@pytest.mark.parametrize("command", ["test", "policies"])
def test_a_database_behind_the_code_is_refused(cli, migrated_db, command):
    rolled = cli("--project", str(REPO), "rollback", "--steps", "1", "--database-url", migrated_db)
    assert rolled.exit_code == 0, rolled.output
    result = cli("--project", str(REPO), command, "--database-url", migrated_db)
    assert result.exit_code == 2, result.output
    line = result.output.strip()
    assert "\n" not in line and "behind the code" in line, line
    assert _last_migration().removesuffix(".sql").split(".")[0] in line, line


@pytest.mark.parametrize("command", ["test", "policies"])
def test_a_database_ahead_of_the_code_is_refused(cli, migrated_db, project_copy, command):
    """Migrated by a branch with one more migration, tested with this code."""
    extra = project_copy.root / "sql" / "migrations" / "9999_from_a_later_branch"
    extra.with_suffix(".sql").write_text("-- a later table\ncreate table public.later (id int);\n")
    extra.with_suffix(".rollback.sql").write_text("-- undo\ndrop table public.later;\n")
    done = cli("--project", str(project_copy.root), "migrate", "--database-url", migrated_db)
    assert done.exit_code == 0, done.output
    result = cli("--project", str(REPO), command, "--database-url", migrated_db)
    assert result.exit_code == 2, result.output
    line = result.output.strip()
    assert "\n" not in line and "ahead of the code" in line, line
    assert "9999_from_a_later_branch" in line, line


@pytest.mark.parametrize("command", ["test", "policies"])
def test_an_empty_database_is_refused(cli, empty_db, command):
    result = cli("--project", str(REPO), command, "--database-url", empty_db)
    assert result.exit_code == 2, result.output
    line = result.output.strip()
    assert "\n" not in line and "is empty" in line, line
    assert "Traceback" not in result.output
