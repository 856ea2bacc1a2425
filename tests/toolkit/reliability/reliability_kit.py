"""Helpers for the reliability suite: tiny synthetic projects, real `mashdb` subprocesses,
and the invariant every crash test checks — the database is at a step boundary."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from helpers import REPO, exists, query

from toolkit.project import Project


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"))
    return path


def make_project(
    root: Path,
    migrations: dict[str, tuple[str, str]],
    functions: dict[str, str] | None = None,
    policies: dict[str, str] | None = None,
) -> Project:
    """A project with `sql/migrations/<id>.sql` + `.rollback.sql` and optional repeatables."""
    (root / "sql" / "migrations").mkdir(parents=True, exist_ok=True)
    for mid, (apply, rollback) in migrations.items():
        write(root / "sql" / "migrations" / f"{mid}.sql", apply)
        write(root / "sql" / "migrations" / f"{mid}.rollback.sql", rollback)
    for name, text in (functions or {}).items():
        write(root / "sql" / "functions" / name, text)
    for name, text in (policies or {}).items():
        write(root / "sql" / "policies" / name, text)
    return Project(root)


def slow_migration(n: int, columns: int = 3, sleep: float = 0.05) -> tuple[str, str]:
    """Migration N: table public.tN built column by column with sleeps in between, so that a
    kill at a random moment usually lands inside it. Its rollback drops the table, then sleeps
    (a kill then must undo the uncommitted drop)."""
    lines = [f"-- synthetic slow migration {n}", f"create table public.t{n} (id int primary key);"]
    for c in range(columns):
        lines.append(f"select pg_sleep({sleep});")
        lines.append(f"alter table public.t{n} add column c{c} int;")
    lines.append(f"insert into public.t{n} (id) values ({n});")
    rollback = f"-- undo {n}\ndrop table public.t{n};\nselect pg_sleep({sleep});\n"
    return "\n".join(lines) + "\n", rollback


SLOW_COLUMNS = 3


def slow_project(root: Path, count: int = 6) -> Project:
    """`count` slow migrations plus a function file that requires migration 0002."""
    migrations = {f"{n:04d}_step{n}": slow_migration(n, SLOW_COLUMNS) for n in range(1, count + 1)}
    function = """
        -- synthetic repeatable: reads t2
        -- requires: 0002_step2
        create or replace function public.t2_count() returns bigint
        language sql stable as $$ select count(*) from public.t2 $$;
        comment on function public.t2_count() is 'rows of t2';
    """
    return make_project(root, migrations, functions={"t2.sql": function})


# ---------------------------------------------------------------------------------------
# subprocesses


def mashdb_argv(project_root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "toolkit", "--project", str(project_root), *args]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["COLUMNS"] = "200"
    return env


def spawn(project_root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        mashdb_argv(project_root, *args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
    )


def run(project_root: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        mashdb_argv(project_root, *args),
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=timeout,
    )


# ---------------------------------------------------------------------------------------
# database inspection


# the shared helpers of tests/helpers.py, under the names this suite reads best with
rows = query
regclass_exists = exists


def scalar(url: str, sql: str, params: tuple = ()) -> object:
    return rows(url, sql, params)[0][0]


@dataclass(frozen=True)
class Books:
    """mashdb's and yoyo's bookkeeping of one database."""

    migrations: tuple[str, ...]  # _yoyo_migration
    checksums: tuple[str, ...]  # migration_checksums
    net_logged: tuple[str, ...]  # _yoyo_log: migrations with one more 'apply' than 'rollback'
    repeatables: tuple[str, ...]


def books(url: str) -> Books:
    if not regclass_exists(url, "mashdb.repeatables"):
        return Books((), (), (), ())
    has_yoyo = regclass_exists(url, "mashdb._yoyo_migration")
    mig = rows(url, "select migration_id from mashdb._yoyo_migration") if has_yoyo else []
    log = (
        rows(
            url,
            "select migration_id from mashdb._yoyo_log group by migration_id "
            "having count(*) filter (where operation = 'apply') "
            "- count(*) filter (where operation = 'rollback') = 1",
        )
        if has_yoyo
        else []
    )
    sums = rows(url, "select migration_id from mashdb.migration_checksums")
    return Books(
        tuple(sorted(r[0] for r in mig)),
        tuple(sorted(r[0] for r in sums)),
        tuple(sorted(r[0] for r in log)),
        tuple(sorted(r[0] for r in rows(url, "select key from mashdb.repeatables"))),
    )


def slow_tables(url: str) -> dict[int, int]:
    """{N: number of columns} of every public.tN table."""
    found = rows(
        url,
        "select c.relname, count(a.attnum) from pg_class c "
        "join pg_namespace n on n.oid = c.relnamespace "
        "join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped "
        "where n.nspname = 'public' and c.relkind = 'r' and c.relname ~ '^t[0-9]+$' "
        "group by c.relname",
    )
    return {int(name[1:]): cols for name, cols in found}


def assert_slow_project_at_boundary(url: str) -> Books:
    """The invariant: every recorded migration's table exists complete (with its row), no
    unrecorded table exists, the three bookkeeping records agree, and the repeatable is
    recorded exactly when its function exists."""
    b = books(url)
    tables = slow_tables(url)
    recorded = sorted(int(m[:4]) for m in b.migrations)
    assert sorted(tables) == recorded, f"tables {sorted(tables)} vs records {b.migrations}"
    assert all(cols == 1 + SLOW_COLUMNS for cols in tables.values()), tables
    for n in tables:
        assert scalar(url, f"select count(*) from public.t{n}") == 1
    assert b.checksums == b.migrations, b
    assert b.net_logged == b.migrations, b  # logged together with the record
    has_function = bool(scalar(url, "select to_regprocedure('public.t2_count()') is not null"))
    assert has_function == ("functions/t2.sql" in b.repeatables), b
    if has_function:
        assert scalar(url, "select obj_description('public.t2_count()'::regprocedure)") == (
            "rows of t2"
        )
    return b
