"""A step that applies is one message (toolkit/steps.py): BEGIN, its SQL, its bookkeeping
rows as literals, COMMIT. Proven on real PostgreSQL: what the server received (read back
with current_query()); a failing statement in the middle of a migration or a repeatable
still reports its own file:line and SQLSTATE, exactly as the statement-by-statement way
does, and leaves nothing of its step applied while earlier steps stay; bound values
(a rollback text full of quotes, backslashes, dollar quotes and comment markers) are
recorded exactly; and a step whose message fails without the failure recurring is applied
the long way, whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import exists, query, target

from toolkit import engine, status
from toolkit.errors import MigrationFailed
from toolkit.project import Project

SEEN = (
    "-- records the message its statement came in\n"
    "create table public.seen (q text);\n"
    "insert into public.seen select current_query();\n"
)


def make_project(
    root: Path, migrations: dict[str, tuple[str, str]], functions: dict[str, str] | None = None
) -> Project:
    folder = root / "sql" / "migrations"
    folder.mkdir(parents=True)
    for mid, (apply, rollback) in migrations.items():
        (folder / f"{mid}.sql").write_text(apply)
        (folder / f"{mid}.rollback.sql").write_text(rollback)
    for name, text in (functions or {}).items():
        (root / "sql" / "functions").mkdir(parents=True, exist_ok=True)
        (root / "sql" / "functions" / name).write_text(text)
    return Project(root)


def applied(url: str) -> list[str]:
    rows = query(url, "select migration_id from mashdb._yoyo_migration order by 1")
    return [r[0] for r in rows]


def test_a_migration_and_its_bookkeeping_are_one_message(tmp_path: Path, empty_db: str) -> None:
    project = make_project(tmp_path, {"0001_seen": (SEEN, "drop table public.seen;\n")})
    engine.migrate(target(empty_db), project)
    [(received,)] = query(empty_db, "select q from public.seen")
    assert received.startswith("begin;\n" + SEEN)
    assert "insert into mashdb._yoyo_log" in received
    assert "insert into mashdb.migration_checksums" in received
    assert received.endswith("commit;\n")
    assert applied(empty_db) == ["0001_seen"]


LOG_DDL = (
    "-- every later DDL statement records the message it came in (an event trigger)\n"
    "create table public.seen (q text);\n"
    "create function public.log_ddl() returns event_trigger language plpgsql as $$\n"
    "begin insert into public.seen select current_query(); end $$;\n"
    "create event trigger log_ddl on ddl_command_end execute function public.log_ddl();\n"
)
LOG_DDL_ROLLBACK = (
    "drop event trigger log_ddl;\ndrop function public.log_ddl();\ndrop table public.seen;\n"
)


def test_a_repeatable_and_its_record_are_one_message(tmp_path: Path, empty_db: str) -> None:
    function = (
        "-- seen_fn(): a function file, applied after 0001_log_ddl\n"
        "-- requires: 0001_log_ddl\n"
        "create or replace function public.seen_fn() returns int language sql as $$ select 1 $$;\n"
    )
    project = make_project(
        tmp_path, {"0001_log_ddl": (LOG_DDL, LOG_DDL_ROLLBACK)}, {"seen.sql": function}
    )
    engine.migrate(target(empty_db), project)
    [(received,)] = query(empty_db, "select q from public.seen where strpos(q, 'seen_fn') > 0")
    assert received.startswith("begin;\n" + function)
    assert "insert into mashdb.repeatables" in received and received.endswith("commit;\n")


FAILS_MIDWAY = (
    "-- the third statement fails at run time, the fourth would too\n"
    "create table public.kept_not (id int);\n"
    "insert into public.kept_not values (1);\n"
    "insert into public.kept_not\n"
    "select missing_column from public.kept_not;\n"
    "create table public.never (id int);\n"
)


def test_a_failing_statement_midway_names_its_line_and_keeps_nothing(
    tmp_path: Path, empty_db: str
) -> None:
    project = make_project(
        tmp_path,
        {
            "0001_first": ("create table public.first (id int);\n", "drop table public.first;\n"),
            "0002_fails": (FAILS_MIDWAY, "drop table public.kept_not;\n"),
        },
    )
    with pytest.raises(MigrationFailed) as failed:
        engine.migrate(target(empty_db), project)
    # the error's position points into the fourth line's statement: line 5
    assert str(failed.value).splitlines()[0] == (
        'sql/migrations/0002_fails.sql:5: column "missing_column" does not exist (SQLSTATE 42703)'
    )
    assert applied(empty_db) == ["0001_first"] and exists(empty_db, "public.first")
    assert not exists(empty_db, "public.kept_not") and not exists(empty_db, "public.never")
    assert status.get_status(target(empty_db), project).current == "0001_first"


def test_a_failing_repeatable_names_its_line_and_keeps_nothing(
    tmp_path: Path, empty_db: str
) -> None:
    function = (
        "-- two functions; the second refers to a type that does not exist\n"
        "create or replace function public.good() returns int language sql as $$ select 1 $$;\n"
        "\n"
        "create or replace function public.bad() returns no_such_type\n"
        "language sql as $$ select null $$;\n"
    )
    project = make_project(
        tmp_path,
        {"0001_base": ("create table public.base (id int);\n", "drop table public.base;\n")},
        {"pair.sql": function},
    )
    with pytest.raises(MigrationFailed) as failed:
        engine.migrate(target(empty_db), project)
    assert str(failed.value).splitlines()[0] == (
        'sql/functions/pair.sql:4: type "no_such_type" does not exist (SQLSTATE 42704)'
    )
    assert applied(empty_db) == ["0001_base"]
    assert query(empty_db, "select to_regprocedure('public.good()') is null") == [(True,)]
    assert (
        query(empty_db, "select count(*) from mashdb.repeatables where kind = 'function'")[0][0]
        == 0
    )


AWKWARD_ROLLBACK = (
    "-- undo: it's a 'quoted' rollback with a backslash \\ and %s and %(id)s\n"
    "drop table public.awkward; -- trailing comment ' \" $$\n"
    "/* a block comment */ select $tag$ it's $$ nested $$ \\n $tag$;\n"
)


def test_bound_values_are_recorded_exactly(tmp_path: Path, empty_db: str) -> None:
    project = make_project(
        tmp_path, {"0001_awkward": ("create table public.awkward (id int);\n", AWKWARD_ROLLBACK)}
    )
    engine.migrate(target(empty_db), project)
    assert query(empty_db, "select rollback_sql from mashdb.migration_checksums") == [
        (AWKWARD_ROLLBACK,)
    ]
    engine.rollback(target(empty_db), project)
    assert not exists(empty_db, "public.awkward") and applied(empty_db) == []


FAILS_ONCE = (
    "-- fails in the first message only: the sequence's first value is refused\n"
    "create table public.once (id int);\n"
    "do $$ begin\n"
    "  if nextval('public.tries') = 1 then raise exception 'first try'; end if;\n"
    "end $$;\n"
)


def test_a_failure_that_does_not_recur_is_applied_the_long_way(
    tmp_path: Path, empty_db: str
) -> None:
    # a sequence is not transactional: the failed message's nextval stays consumed
    query(empty_db, "create sequence public.tries")
    project = make_project(tmp_path, {"0001_once": (FAILS_ONCE, "drop table public.once;\n")})
    engine.migrate(target(empty_db), project)
    assert applied(empty_db) == ["0001_once"] and exists(empty_db, "public.once")
    assert query(empty_db, "select last_value from public.tries") == [(2,)]
