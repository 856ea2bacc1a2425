"""Drift and the current version are computed once (toolkit/plan.py, DbState.current):
`status`, a dry run and a refusing `migrate` say the same on a tiny project."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import query, target

from toolkit import engine
from toolkit.db import connect
from toolkit.errors import DriftError
from toolkit.files import load_files
from toolkit.plan import drift
from toolkit.project import Project
from toolkit.state import read_state
from toolkit.status import get_status


def _project(root: Path) -> Project:
    folder = root / "sql" / "migrations"
    folder.mkdir(parents=True)
    for n in (1, 2, 3):
        (folder / f"000{n}_t{n}.sql").write_text(f"-- t{n}\ncreate table public.t{n} (id int);\n")
        (folder / f"000{n}_t{n}.rollback.sql").write_text(
            f"-- undo t{n}\ndrop table public.t{n};\n"
        )
    return Project(root)


def test_status_and_a_dry_run_agree_on_the_current_version(tmp_path, empty_db) -> None:
    project = _project(tmp_path)
    engine.migrate(target(empty_db), project, to="0002")
    status = get_status(target(empty_db), project)
    dry = engine.migrate(target(empty_db), project, dry_run=True)
    assert status.current == dry.before == "0002_t2"
    assert dry.after == status.head == "0003_t3"
    back = engine.rollback(target(empty_db), project, dry_run=True)
    assert back.before == "0002_t2" and back.after == "0001_t1"


def test_status_and_migrate_name_the_same_drift(tmp_path, empty_db) -> None:
    project = _project(tmp_path)
    engine.migrate(target(empty_db), project, to="0002")
    (tmp_path / "sql/migrations/0001_t1.sql").write_text("-- t1\ncreate table public.t1 (x int);\n")
    query(
        empty_db,
        "insert into mashdb._yoyo_migration (migration_hash, migration_id, applied_at_utc)"
        " values ('elsewhere', '0009_elsewhere', now())",
    )
    with connect(empty_db) as conn:
        found = drift(load_files(project), read_state(conn))
    assert [(d.id, d.missing) for d in found] == [("0001_t1", False), ("0009_elsewhere", True)]

    status = get_status(target(empty_db), project)
    shown = {m.id: m.state for m in status.migrations}
    assert shown == {
        "0001_t1": "drifted",
        "0002_t2": "applied",
        "0003_t3": "pending",
        "0009_elsewhere": "missing-file",
    }
    assert status.current == "0009_elsewhere"  # the database's newest record, file or not
    with pytest.raises(DriftError) as refused:
        engine.migrate(target(empty_db), project)
    assert "0001_t1.sql was edited" in str(refused.value)
    assert "0009_elsewhere is applied but its file is missing" in str(refused.value)
    assert query(empty_db, "select to_regclass('public.t3')") == [(None,)]
