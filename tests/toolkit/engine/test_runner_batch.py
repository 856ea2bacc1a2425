"""A transactional file is sent to the server whole, in one round trip (toolkit/runner.py,
and with its step's BEGIN, bookkeeping and COMMIT: toolkit/steps.py); a failure still names
the statement's file:line, and `-- transactional: false` files are still sent statement by
statement. What the server received is read back with current_query(), which returns the
whole client message a statement came in."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import exists, query, target

from toolkit import engine, status
from toolkit.errors import MigrationFailed
from toolkit.project import Project


def make_project(root: Path, migrations: dict[str, tuple[str, str]]) -> Project:
    folder = root / "sql" / "migrations"
    folder.mkdir(parents=True)
    for mid, (apply, rollback) in migrations.items():
        (folder / f"{mid}.sql").write_text(apply)
        (folder / f"{mid}.rollback.sql").write_text(rollback)
    return Project(root)


RECORD = (
    "create table public.seen (q text);\n"
    "-- what the server received, as one message\n"
    "insert into public.seen select current_query();\n"
)


def test_a_transactional_file_is_one_message(tmp_path: Path, empty_db: str) -> None:
    project = make_project(tmp_path, {"0001_seen": (RECORD, "drop table public.seen;\n")})
    engine.migrate(target(empty_db), project)
    [(received,)] = query(empty_db, "select q from public.seen")
    assert (project.migrations_dir / "0001_seen.sql").read_text() in received


def test_a_non_transactional_file_is_sent_statement_by_statement(
    tmp_path: Path, empty_db: str
) -> None:
    apply = "-- transactional: false\n" + RECORD
    project = make_project(tmp_path, {"0001_seen": (apply, "drop table public.seen;\n")})
    engine.migrate(target(empty_db), project)
    assert query(empty_db, "select q from public.seen") == [
        ("insert into public.seen select current_query()",)
    ]


def test_a_failure_in_a_sent_file_names_its_statement_and_keeps_nothing(
    tmp_path: Path, empty_db: str
) -> None:
    apply = (
        "-- a file whose third statement fails at run time, with no position in the error\n"
        "create table public.kept_not (id int);\n"
        "insert into public.kept_not values (1);\n"
        "select 1 / 0;\n"
        "create table public.never (id int);\n"
    )
    project = make_project(tmp_path, {"0001_fails": (apply, "drop table public.kept_not;\n")})
    with pytest.raises(MigrationFailed) as failed:
        engine.migrate(target(empty_db), project)
    assert str(failed.value).startswith(
        "sql/migrations/0001_fails.sql:4: division by zero (SQLSTATE 22012)"
    )
    assert not exists(empty_db, "public.kept_not")
    assert not exists(empty_db, "public.never")
    assert status.get_status(target(empty_db), project).current is None
