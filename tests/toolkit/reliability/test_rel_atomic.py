"""Issue items 4, 5 and 7: atomic failure, one transaction per migration with its
bookkeeping, and the `-- transactional: false` exception."""

from __future__ import annotations

import pytest
from reliability_kit import books, make_project, regclass_exists, rows, scalar

from toolkit import engine
from toolkit.db import Target
from toolkit.errors import MigrationFailed

FIFTH_FAILS = """\
-- five statements; the fifth fails
create table public.a1 (id int primary key);
insert into public.a1 values (1);
create index a1_idx on public.a1 (id);
alter table public.a1 add column note text;
insert into public.a1 (id, note)
values (1, 'duplicate key: fails here');
"""


def _three(tmp_path, second: str):
    return make_project(
        tmp_path,
        {
            "0001_base": ("create table public.base (id int);\n", "drop table public.base;\n"),
            "0002_five": (second, "drop table public.a1;\n"),
            "0003_later": ("create table public.later (id int);\n", "drop table public.later;\n"),
        },
    )


def test_failure_at_the_fifth_statement_keeps_nothing_and_rerun_continues(
    tmp_path, empty_db, cli
):
    project = _three(tmp_path, FIFTH_FAILS)
    result = cli("--project", str(project.root), "migrate", "--database-url", empty_db)
    assert result.exit_code == 1
    first_line = result.output.strip().splitlines()
    assert any(
        line.startswith("error: sql/migrations/0002_five.sql:6: duplicate key value violates "
                        'unique constraint "a1_pkey" (SQLSTATE 23505)')
        for line in first_line
    ), result.output
    assert "detail: Key (id)=(1) already exists." in result.output
    # nothing of statements 1-4, no record of 0002, 0003 not attempted; 0001 committed
    assert regclass_exists(empty_db, "public.base")
    assert not regclass_exists(empty_db, "public.a1")
    assert not regclass_exists(empty_db, "public.a1_idx")
    assert not regclass_exists(empty_db, "public.later")
    assert books(empty_db).migrations == ("0001_base",)
    assert scalar(empty_db, "select count(*) from mashdb._yoyo_log") == 1

    fixed = FIFTH_FAILS.replace("(1, 'dup", "(2, 'dup")
    (project.migrations_dir / "0002_five.sql").write_text(fixed)
    again = cli("--project", str(project.root), "migrate", "--database-url", empty_db)
    assert again.exit_code == 0, again.output
    assert "migrated 0001_base → 0003_later" in again.output
    assert rows(empty_db, "select id from public.a1 order by id") == [(1,), (2,)]
    assert books(empty_db).migrations == ("0001_base", "0002_five", "0003_later")


def test_a_failing_bookkeeping_write_undoes_the_migration(tmp_path, empty_db):
    """The statements and yoyo's rows commit together: make the *record* fail (a trigger on
    yoyo's table) and the migration's table must be gone too."""
    project = _three(tmp_path, "create table public.a1 (id int);\n")
    engine.migrate(Target(empty_db, "t"), project, to="0001")
    with __import__("toolkit.db", fromlist=["connect"]).connect(empty_db) as conn:
        conn.execute(
            "create function mashdb.refuse() returns trigger language plpgsql as "
            "$$ begin raise exception 'bookkeeping refused'; end $$"
        )
        conn.execute(
            "create trigger refuse before insert on mashdb._yoyo_migration "
            "for each row execute function mashdb.refuse()"
        )
    with pytest.raises(MigrationFailed, match="bookkeeping refused"):
        engine.migrate(Target(empty_db, "t"), project)
    assert not regclass_exists(empty_db, "public.a1")
    assert books(empty_db).migrations == ("0001_base",)
    assert books(empty_db).checksums == ("0001_base",)


def test_a_migration_that_commits_by_itself_is_refused_before_anything_runs(
    tmp_path, empty_db, cli
):
    project = _three(tmp_path, "create table public.a1 (id int);\ncommit;\n")
    result = cli("--project", str(project.root), "migrate", "--database-url", empty_db)
    assert result.exit_code == 1
    assert "sql/migrations/0002_five.sql:2: contains COMMIT" in result.output
    assert not regclass_exists(empty_db, "public.base")  # validated before anything ran


def test_a_procedure_that_commits_inside_the_migration_fails_cleanly(tmp_path, empty_db, cli):
    body = (
        "create table public.a1 (id int);\n"
        "do $$ begin insert into public.a1 values (1); commit; end $$;\n"
    )
    project = _three(tmp_path, body)
    result = cli("--project", str(project.root), "migrate", "--database-url", empty_db)
    assert result.exit_code == 1
    assert "sql/migrations/0002_five.sql:2: invalid transaction termination (SQLSTATE 2D000)" in (
        result.output
    )
    assert not regclass_exists(empty_db, "public.a1")
    assert books(empty_db).migrations == ("0001_base",)


NON_TX = """\
-- builds an index without blocking writes
-- transactional: false
create index concurrently t_nt_a on public.nt (a);
create index concurrently t_nt_b on public.nt (b);
"""


def test_non_transactional_migration_runs_outside_a_transaction(tmp_path, empty_db, cli):
    project = make_project(
        tmp_path,
        {
            "0001_nt": ("create table public.nt (a int, b int);\n", "drop table public.nt;\n"),
            "0002_idx": (
                NON_TX,
                "-- transactional: false\ndrop index concurrently public.t_nt_b;\n"
                "drop index concurrently public.t_nt_a;\n",
            ),
        },
    )
    ok = cli("--project", str(project.root), "migrate", "--database-url", empty_db)
    assert ok.exit_code == 0, ok.output
    assert regclass_exists(empty_db, "public.t_nt_a") and regclass_exists(empty_db, "public.t_nt_b")
    assert books(empty_db).migrations == ("0001_nt", "0002_idx")
    back = cli("--project", str(project.root), "rollback", "--database-url", empty_db)
    assert back.exit_code == 0, back.output
    assert not regclass_exists(empty_db, "public.t_nt_a")
    assert books(empty_db).migrations == ("0001_nt",)


def test_non_transactional_failure_keeps_earlier_statements_and_no_record(
    tmp_path, empty_db, cli
):
    """What is NOT atomic (docs/reliability.md): statements before the failing one stay; the
    migration is not recorded, so a re-run repeats it: such statements must be re-runnable
    (`if not exists`)."""
    bad = NON_TX.replace("on public.nt (b)", "on public.nt (missing)")
    project = make_project(
        tmp_path,
        {
            "0001_nt": ("create table public.nt (a int, b int);\n", "drop table public.nt;\n"),
            "0002_idx": (bad, "drop index public.t_nt_a;\n"),
        },
    )
    failed = cli("--project", str(project.root), "migrate", "--database-url", empty_db)
    assert failed.exit_code == 1
    assert "sql/migrations/0002_idx.sql:4:" in failed.output and "SQLSTATE 42703" in failed.output
    assert regclass_exists(empty_db, "public.t_nt_a")  # statement 1 stayed
    assert books(empty_db).migrations == ("0001_nt",)
    fixed = NON_TX.replace("index concurrently t_nt_a", "index concurrently if not exists t_nt_a")
    (project.migrations_dir / "0002_idx.sql").write_text(fixed)
    again = cli("--project", str(project.root), "migrate", "--database-url", empty_db)
    assert again.exit_code == 0, again.output
    assert books(empty_db).migrations == ("0001_nt", "0002_idx")


def test_concurrent_index_in_a_transactional_migration_names_the_marker(tmp_path, empty_db, cli):
    project = make_project(
        tmp_path,
        {
            "0001_nt": (
                "create table public.nt (a int);\n"
                "create index concurrently nt_a on public.nt (a);\n",
                "drop table public.nt;\n",
            )
        },
    )
    result = cli("--project", str(project.root), "migrate", "--database-url", empty_db)
    assert result.exit_code == 1
    assert "sql/migrations/0001_nt.sql:2: CREATE INDEX CONCURRENTLY cannot run inside a " \
        "transaction block (SQLSTATE 25001)" in result.output
    assert not regclass_exists(empty_db, "public.nt")
