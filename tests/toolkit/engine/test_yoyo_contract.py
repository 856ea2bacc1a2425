"""The contract with yoyo-migrations (toolkit/yoyo_compat.py): what mashdb relies on in
yoyo's behaviour, checked through yoyo's own public API. A yoyo release that reads a
folder, hashes an id or lays out its tables differently fails here, not in production.

- yoyo reads a migrations folder as mashdb does: the same ids in the same order, the same
  `-- depends:` and `-- transactional:` meaning;
- the bookkeeping tables mashdb creates are the ones yoyo's backend creates;
- yoyo's backend sees exactly what mashdb applied and rolled back (mashdb's rows carry
  yoyo's hash), and mashdb sees what yoyo applied (a migration yoyo recorded is applied,
  not pending, and never re-run).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import pytest
from helpers import REPO, query, target
from psycopg.conninfo import conninfo_to_dict

from toolkit import engine
from toolkit.migrations import load_migrations
from toolkit.project import Project
from toolkit.status import get_status

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import yoyo

TABLES = ("_yoyo_migration", "_yoyo_log", "_yoyo_version")


def _project(root: Path) -> Project:
    folder = root / "sql" / "migrations"
    folder.mkdir(parents=True)
    files = {
        "0001_base": (
            "-- the base table\ncreate table public.c1 (id int primary key);\n",
            "-- undo 0001\ndrop table public.c1;\n",
        ),
        "0002_index": (
            "-- an index built concurrently\n-- depends: 0001_base\n-- transactional: false\n"
            "create index concurrently c1_id_idx on public.c1 (id);\n",
            "-- undo 0002\ndrop index concurrently public.c1_id_idx;\n",
        ),
        "0003_more": (
            "-- another table\n-- transactional: true\ncreate table public.c3 (id int);\n",
            "-- undo 0003\ndrop table public.c3;\n",
        ),
    }
    for mid, (apply, rollback) in files.items():
        (folder / f"{mid}.sql").write_text(apply)
        (folder / f"{mid}.rollback.sql").write_text(rollback)
    return Project(root)


def _yoyo_uri(url: str) -> str:
    """The same database as a yoyo URI (psycopg 3 driver; bookkeeping in schema mashdb)."""
    params = {k: v for k, v in conninfo_to_dict(url).items() if v}
    dbname = params.pop("dbname")
    return f"postgresql+psycopg:///{dbname}?{urlencode({**params, 'schema': 'mashdb'})}"


@contextmanager
def _yoyo_backend(url: str) -> Iterator[object]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        backend = yoyo.get_backend(_yoyo_uri(url))
    try:
        yield backend
    finally:
        backend.connection.close()


def _read(folder: Path):  # yoyo's MigrationList, as its backend methods take it
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return yoyo.read_migrations(str(folder))


@pytest.mark.parametrize("which", ["this project", "fixture"])
def test_yoyo_reads_a_folder_as_mashdb_does(which: str, tmp_path: Path) -> None:
    project = Project(REPO) if which == "this project" else _project(tmp_path)
    ours = [(m.id, sorted(m.depends), m.transactional) for m in load_migrations(project)]
    theirs = [
        (m.id, sorted(d.id for d in m.depends), m.use_transactions)
        for m in _read(project.migrations_dir)
    ]
    assert theirs == ours
    if which == "fixture":
        assert ours[1] == ("0002_index", ["0001_base"], False)


def _layout(url: str) -> list[tuple]:
    return query(
        url,
        "select c.table_name, c.column_name, c.data_type, c.character_maximum_length,"
        " c.is_nullable, coalesce(k.constraint_name, '')"
        " from information_schema.columns c"
        " left join information_schema.key_column_usage k using"
        " (table_schema, table_name, column_name)"
        " where c.table_schema = 'mashdb' and c.table_name = any(%s)"
        " order by 1, c.ordinal_position",
        (list(TABLES),),
    )


def test_mashdb_creates_the_tables_yoyo_creates(tmp_path: Path, empty_db, mashdb_env) -> None:
    from toolkit.db import create_database, drop_database
    from toolkit.testdb import unique_name

    engine.migrate(target(empty_db), _project(tmp_path), to="0001")
    theirs_url = create_database(mashdb_env.server_url, name := unique_name("mashdb_yoyo"))
    try:
        query(theirs_url, "create schema mashdb")
        with _yoyo_backend(theirs_url) as backend:
            assert backend.get_applied_migration_hashes() == []  # yoyo creates its tables
        assert _layout(empty_db) == _layout(theirs_url) != []
        version = "select version from mashdb._yoyo_version"
        assert query(empty_db, version) == query(theirs_url, version) == [(2,)]
    finally:
        drop_database(mashdb_env.server_url, name)


def test_yoyo_sees_what_mashdb_applied_and_rolled_back(tmp_path: Path, empty_db) -> None:
    project = _project(tmp_path)
    migrations = _read(project.migrations_dir)
    engine.migrate(target(empty_db), project)
    with _yoyo_backend(empty_db) as backend:
        assert list(backend.to_apply(migrations)) == []
        assert backend.get_applied_migration_hashes() == [m.hash for m in migrations]
    engine.rollback(target(empty_db), project, steps=2)
    with _yoyo_backend(empty_db) as backend:
        assert [m.id for m in backend.to_apply(migrations)] == ["0002_index", "0003_more"]
    log = query(
        empty_db, "select migration_id, operation from mashdb._yoyo_log order by created_at_utc"
    )
    assert log == [
        ("0001_base", "apply"),
        ("0002_index", "apply"),
        ("0003_more", "apply"),
        ("0003_more", "rollback"),
        ("0002_index", "rollback"),
    ]
    assert query(empty_db, "select version from mashdb._yoyo_version") == [(2,)]


def test_mashdb_sees_what_yoyo_applied(tmp_path: Path, empty_db) -> None:
    project = _project(tmp_path)
    engine.migrate(target(empty_db), project, to="0001")
    with _yoyo_backend(empty_db) as backend:
        backend.apply_migrations(backend.to_apply(_read(project.migrations_dir)))
    assert query(empty_db, "select to_regclass('public.c3') is not null") == [(True,)]
    status = get_status(target(empty_db), project)
    assert [(m.id, m.state) for m in status.migrations] == [
        ("0001_base", "applied"),
        ("0002_index", "applied"),
        ("0003_more", "applied"),
    ]
    assert status.current == "0003_more"
    assert engine.migrate(target(empty_db), project).steps == ()  # nothing re-run
