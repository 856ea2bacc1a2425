"""The bad-input catalogue.

Every case is one row: what is wrong, the command, the exit code and the words of the one
error line. docs/reliability.md lists the same cases by id (a test checks they agree).
Each run also checks: no traceback, the first line starts with `error:`, and the database
is unchanged (nothing half-applied).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from reliability_kit import REPO, books, make_project, regclass_exists

from toolkit.db import connect
from toolkit.locking import LOCK_KEY

BASE = {
    "0001_one": ("-- one\ncreate table public.bi_one (id int);\n", "drop table public.bi_one;\n"),
    "0002_two": ("-- two\ncreate table public.bi_two (id int);\n", "drop table public.bi_two;\n"),
}


def put(name: str, text: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        (root / "sql" / "migrations" / name).write_bytes(
            text.encode() if isinstance(text, str) else text
        )

    return mutate


def pair(stem: str, text: str | bytes) -> Callable[[Path], None]:
    """A migration and a harmless rollback file."""

    def mutate(root: Path) -> None:
        put(f"{stem}.sql", text)(root)
        put(f"{stem}.rollback.sql", "select 1;\n")(root)

    return mutate


def remove(name: str) -> Callable[[Path], None]:
    return lambda root: (root / "sql" / "migrations" / name).unlink()


@dataclass(frozen=True)
class Case:
    id: str
    args: tuple[str, ...]  # {db} is replaced by the test database's URL
    code: int
    words: str  # a regular expression the output must contain
    mutate: Callable[[Path], None] | None = None
    applied: str | None = None  # migrate --to this first


SQL_ERRORS = [
    Case("sql-runtime-error", ("migrate",), 1,
         r"error: sql/migrations/0003_bad\.sql:2: relation \"public\.nope\" does not exist "
         r"\(SQLSTATE 42P01\)",
         pair("0003_bad", "-- bad\nselect * from public.nope;\n"), applied="0002"),
    Case("sql-syntax-error", ("migrate",), 1,
         r"error: sql/migrations/0003_bad\.sql:3: syntax error at or near "
         r"\"tabel\" \(SQLSTATE 42601\)",
         pair("0003_bad", "-- bad\n\ncreate tabel x (id int);\n")),
    Case("sql-commits-itself", ("migrate",), 1,
         r"error: sql/migrations/0003_bad\.sql:2: contains COMMIT: a migration must not "
         r"manage its own transaction",
         pair("0003_bad", "create table public.x (id int);\ncommit;\n")),
    Case("sql-begins-itself", ("migrate",), 1,
         r"error: sql/migrations/0003_bad\.sql:1: contains BEGIN",
         pair("0003_bad", "begin;\ncreate table public.x (id int);\n")),
]

FILE_ERRORS = [
    Case("missing-rollback-file", ("migrate",), 1,
         r"error: sql/migrations/0003_x\.sql: has no rollback file 0003_x\.rollback\.sql "
         r"\(rollbacks are mandatory\)",
         put("0003_x.sql", "create table public.x (id int);\n")),
    Case("orphan-rollback-file", ("migrate",), 1,
         r"error: sql/migrations/0003_x\.rollback\.sql: rollback file without its migration",
         put("0003_x.rollback.sql", "drop table public.x;\n")),
    Case("duplicate-number", ("migrate",), 1,
         r"error: sql/migrations/0002_two\.sql: duplicate migration number 0002 "
         r"\(also sql/migrations/0002_twice\.sql\)",
         pair("0002_twice", "select 1;\n")),
    Case("malformed-name-short-number", ("migrate",), 1,
         r"error: sql/migrations/3_x\.sql: malformed migration name; expected "
         r"NNNN_lower_snake_name\.sql", put("3_x.sql", "select 1;\n")),
    Case("malformed-name-upper-case", ("migrate",), 1,
         r"error: sql/migrations/0003_AddX\.sql: malformed migration name",
         put("0003_AddX.sql", "select 1;\n")),
    Case("malformed-name-dash", ("migrate",), 1,
         r"error: sql/migrations/0003-x\.sql: malformed migration name",
         put("0003-x.sql", "select 1;\n")),
    Case("not-a-sql-file", ("migrate",), 1,
         r"error: sql/migrations/0003_x\.txt: not a \.sql file",
         put("0003_x.txt", "select 1;\n")),
    Case("empty-migration", ("migrate",), 1,
         r"error: sql/migrations/0003_x\.sql: empty migration \(no SQL statements\)",
         pair("0003_x", "-- nothing yet\n")),
    Case("not-utf8", ("migrate",), 1,
         r"error: sql/migrations/0003_x\.sql: not UTF-8 text",
         pair("0003_x", b"select '\xff';\n")),
    Case("unknown-depends", ("migrate",), 1,
         r"error: sql/migrations/0003_x\.sql: depends on unknown migration '0009_gone'",
         pair("0003_x", "-- depends: 0009_gone\nselect 1;\n")),
    Case("bad-transactional-marker", ("migrate",), 1,
         r"error: sql/migrations/0003_x\.sql: '-- transactional:' must be true or false",
         pair("0003_x", "-- transactional: maybe\nselect 1;\n")),
    Case("applied-file-missing", ("migrate",), 1,
         r"0001_one is applied but its file is missing from sql/migrations",
         lambda root: [remove("0001_one.sql")(root), remove("0001_one.rollback.sql")(root)],
         applied="0001"),
    Case("applied-file-edited", ("migrate",), 1,
         r"sql/migrations/0001_one\.sql was edited after it was applied",
         put("0001_one.sql", "create table public.bi_one (id bigint);\n"), applied="0001"),
    Case("no-project", ("--project", "/", "migrate"), 2,
         r"error: no mashdb project found at or above / : expected a folder with "
         r"sql/migrations/".replace(" / :", " /:")),
]

VERSION_ERRORS = [
    Case("migrate-to-unknown", ("migrate", "--to", "9999"), 2,
         r"error: unknown version '9999'; known migrations: 0001_one, 0002_two"),
    Case("migrate-to-below-current", ("migrate", "--to", "0001"), 2,
         r"error: 0001_one is below the current version; use 'mashdb rollback --to 0001_one'",
         applied="0002"),
    Case("rollback-to-unknown", ("rollback", "--to", "0042_nope"), 2,
         r"error: unknown version '0042_nope'", applied="0001"),
    Case("rollback-to-not-applied", ("rollback", "--to", "0002"), 2,
         r"error: 0002_two is not applied; 'rollback --to' keeps an applied version",
         applied="0001"),
    Case("rollback-steps-zero", ("rollback", "--steps", "0"), 2,
         r"error: --steps must be at least 1", applied="0001"),
    Case("rollback-steps-too-many", ("rollback", "--steps", "5"), 2,
         r"error: --steps 5: only 1 migration\(s\) are applied", applied="0001"),
    Case("rollback-nothing-applied", ("rollback",), 2,
         r"error: --steps 1: only 0 migration\(s\) are applied"),
    Case("rollback-conflicting-options", ("rollback", "--steps", "1", "--all"), 2,
         r"error: give one of --steps, --to or --all", applied="0001"),
    Case("unknown-option", ("migrate", "--frobnicate"), 2, r"No such option '--frobnicate'"),
    Case("bad-steps-value", ("rollback", "--steps", "two"), 2,
         r"'two' is not a valid integer"),
    Case("bad-lock-timeout", ("migrate", "--lock-timeout", "soon"), 2,
         r"error: invalid --lock-timeout 'soon'"),
    Case("bad-statement-timeout", ("migrate", "--statement-timeout", "-1"), 2,
         r"error: invalid --statement-timeout '-1'"),
]

URL_ERRORS = [
    Case("url-wrong-scheme", ("migrate", "--database-url", "mysql://u:pw@h/db"), 2,
         r"error: malformed database URL 'mysql://u:\*\*\*@h/db': scheme 'mysql' is not "
         r"postgresql:// or postgres://"),
    Case("url-garbage", ("status", "--database-url", "not a url"), 2,
         r"error: malformed database URL 'not a url': missing \"=\" after \"not\""),
    Case("url-bad-port", ("migrate", "--database-url", "postgresql://h:port/db"), 2,
         r"error: malformed database URL 'postgresql://h:port/db': port 'port' is not a "
         r"number between 1 and 65535"),
    Case("url-unclosed-ipv6", ("migrate", "--database-url", "postgresql://u:pw@[::1/db"), 2,
         r"error: malformed database URL 'postgresql://u:\*\*\*@\[::1/db': end of string "
         r"reached when looking for matching \"\]\""),
    Case("url-unknown-option", ("migrate", "--database-url", "dbname=x frob=1"), 2,
         r"error: malformed database URL 'dbname=x frob=1': invalid connection option "
         r"\"frob\""),
    Case("url-empty", ("migrate", "--database-url", ""), 2,
         r"error: --database-url is empty"),
    Case("url-unreachable-host", ("migrate", "--database-url", "postgresql://127.0.0.1:1/x"), 1,
         r"error: cannot connect to postgresql://127\.0\.0\.1:1/x: .*Connection refused"),
    Case("url-no-server-socket", ("status", "--database-url", "host=/nonexistent dbname=x"), 1,
         r"error: cannot connect to .*host=/nonexistent.*No such file or directory"),
    Case("url-unknown-database", ("migrate", "--database-url", "{db_other}"), 1,
         r"error: cannot connect to .*database \"mashdb_no_such_db\" does not exist"),
]

CASES = SQL_ERRORS + FILE_ERRORS + VERSION_ERRORS + URL_ERRORS


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, tmp_path, empty_db, cli):
    project = make_project(tmp_path, BASE)
    if case.applied:
        ok = cli("--project", str(project.root), "migrate", "--to", case.applied,
                 "--database-url", empty_db)
        assert ok.exit_code == 0, ok.output
    if case.mutate:
        case.mutate(project.root)
    before = books(empty_db)
    other = f"{empty_db} dbname=mashdb_no_such_db"
    args = [a.replace("{db_other}", other) for a in case.args]
    if "--project" not in args:
        args = ["--project", str(project.root), *args]
    if not any(a.startswith("--database-url") for a in args):
        args += ["--database-url", empty_db]
    result = cli(*args)
    assert result.exit_code == case.code, result.output
    assert re.search(case.words, result.output), result.output
    assert "Traceback" not in result.output
    heads = [line for line in result.output.splitlines() if line.startswith(("error:", "Usage:"))]
    assert len(heads) == 1, result.output  # one error line (detail/hint lines are indented)
    assert books(empty_db) == before, "the database changed"
    if not case.applied:
        assert not regclass_exists(empty_db, "public.bi_one")


def test_empty_database_url_environment_variable(tmp_path, cli, monkeypatch):
    project = make_project(tmp_path, BASE)
    monkeypatch.setenv("DATABASE_URL", "")
    result = cli("--project", str(project.root), "status")
    assert result.exit_code == 2
    assert result.output.startswith("error: DATABASE_URL is empty")


def test_wrong_password(empty_db, tmp_path, cli):
    """The throwaway server trusts its Unix socket: give one role a password and put a
    scram-sha-256 line for it first in pg_hba.conf (restored afterwards)."""
    role = "mashdb_pw_" + empty_db.split("dbname=")[1].split()[0][-8:]
    with connect(empty_db) as conn:
        hba = Path(conn.execute("show hba_file").fetchone()[0])
        original = hba.read_text()
        conn.execute(f"create role {role} login password 'right-secret'")
        hba.write_text(f"local all {role} scram-sha-256\n" + original)
        conn.execute("select pg_reload_conf()")
    project = make_project(tmp_path, BASE)
    try:
        wrong = f"{empty_db} user={role} password=wrong-secret"
        result = cli("--project", str(project.root), "migrate", "--database-url", wrong)
        assert result.exit_code == 1
        assert result.output.startswith("error: cannot connect to ")
        assert f'password authentication failed for user "{role}"' in result.output
        assert "wrong-secret" not in result.output and "password=***" in result.output
        assert "Traceback" not in result.output
    finally:
        hba.write_text(original)
        with connect(empty_db) as conn:
            conn.execute("select pg_reload_conf()")
            conn.execute(f"drop role {role}")


def test_role_without_create_privilege_cannot_migrate(empty_db, tmp_path, cli):
    role = "mashdb_nocreate_" + empty_db.split("dbname=")[1].split()[0][-8:]
    with connect(empty_db) as conn:
        conn.execute(f"create role {role} login")
    project = make_project(tmp_path, BASE)
    try:
        result = cli("--project", str(project.root), "migrate",
                     "--database-url", f"{empty_db} user={role}")
        assert result.exit_code == 1
        assert result.output.startswith(
            "error: cannot create mashdb's bookkeeping schema: permission denied for database"
        )
        assert "SQLSTATE 42501" in result.output
        assert not regclass_exists(empty_db, "mashdb.repeatables")
    finally:
        with connect(empty_db) as conn:
            conn.execute(f"drop role {role}")


def test_permission_denied_inside_a_migration(empty_db, tmp_path, cli):
    """`sql-permission-denied`: a role that may create schemas but not roles."""
    role = "mashdb_limited_" + empty_db.split("dbname=")[1].split()[0][-8:]
    dbname = empty_db.split("dbname=")[1].split()[0]
    with connect(empty_db) as conn:
        conn.execute(f"create role {role} login")
        conn.execute(f'grant create on database "{dbname}" to {role}')
        conn.execute(f"grant create on schema public to {role}")
    project = make_project(tmp_path, BASE)
    pair("0003_bad", "-- needs createrole\ncreate role mashdb_never_created;\n")(project.root)
    try:
        result = cli("--project", str(project.root), "migrate",
                     "--database-url", f"{empty_db} user={role}")
        assert result.exit_code == 1
        assert "error: sql/migrations/0003_bad.sql:2: permission denied to create role " \
            "(SQLSTATE 42501)" in result.output
        assert books(empty_db).migrations == ("0001_one", "0002_two")
    finally:
        with connect(empty_db) as conn:
            conn.execute(f"drop owned by {role} cascade")
            conn.execute(f"drop role {role}")


def test_lock_held_longer_than_wait_timeout(tmp_path, empty_db, cli):
    project = make_project(tmp_path, BASE)
    holder = connect(empty_db)
    try:
        holder.execute("select pg_advisory_lock(%s)", (LOCK_KEY,))
        result = cli("--project", str(project.root), "migrate", "--wait-timeout", "0.3",
                     "--database-url", empty_db)
        assert result.exit_code == 1
        assert "waiting for the migration lock (held by backend pid" in result.output
        assert "error: another mashdb migrate/rollback held the migration lock for more than " \
            "0.3s; nothing was changed" in result.output
    finally:
        holder.close()
    assert not regclass_exists(empty_db, "mashdb.repeatables")


def test_the_catalogue_in_docs_lists_every_case():
    doc = (REPO / "docs" / "reliability.md").read_text()
    missing = [c.id for c in CASES if f"`{c.id}`" not in doc]
    extra_ids = [
        "url-empty-env", "sql-permission-denied", "wrong-password", "no-create-privilege",
        "lock-wait-timeout", "status-no-bookkeeping-access", "server-stopped",
        "server-stopped-mid-migration", "server-crashed-mid-migration", "lock-timeout",
        "statement-timeout", "data-loss-refused", "concurrent-index-in-transaction",
        "procedure-commits", "non-transactional-failure", "killed-client-long-statement",
    ]
    missing += [i for i in extra_ids if f"`{i}`" not in doc]
    assert missing == [], f"docs/reliability.md does not list: {missing}"
