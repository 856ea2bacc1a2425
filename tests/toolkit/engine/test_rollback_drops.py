"""What a rollback drops is measured once (toolkit/dataloss.py) and read by both the
engine's data-loss guard and review: a drop hidden in a DO block counts like a plain one,
empty objects are drops too (review lists them), only those with rows stop a rollback."""

from __future__ import annotations

from pathlib import Path

from helpers import target

from toolkit import catalog, engine
from toolkit.db import connect
from toolkit.project import Project
from toolkit.review.rollback_check import drop_items

ROLLBACK = """-- undo 0002, with a drop that no statement names
do $$ begin execute 'alter table public.base drop column note'; end $$;
drop table public.fresh;
"""


def _project(root: Path) -> Project:
    folder = root / "sql" / "migrations"
    folder.mkdir(parents=True)
    (folder / "0001_base.sql").write_text(
        "-- base\ncreate table public.base (id int, note text);\n"
        "insert into public.base values (1, 'kept before the branch');\n"
    )
    (folder / "0001_base.rollback.sql").write_text("-- undo\ndrop table public.base;\n")
    (folder / "0002_branch.sql").write_text("-- branch\ncreate table public.fresh (id int);\n")
    (folder / "0002_branch.rollback.sql").write_text(ROLLBACK)
    return Project(root)


def test_the_guard_and_review_read_the_same_measured_drops(tmp_path: Path, empty_db) -> None:
    project = _project(tmp_path)
    engine.migrate(target(empty_db), project, to="0001")
    with connect(empty_db) as conn:
        base = catalog.snapshot(conn)
    engine.migrate(target(empty_db), project)

    dry = engine.rollback(target(empty_db), project, dry_run=True)
    assert [(d.key, d.rows) for d in dry.drops] == [("public.fresh", 0), ("public.base.note", 1)]
    assert [d.label for d in dry.losses] == ["column public.base.note: 1 row (0002_branch)"]

    items = {i.title: i.severity for i in drop_items(dry.drops, base)}
    assert items == {
        "rollback drops new table public.fresh": "info",
        "rollback drops column public.base.note, which exists on base": "dangerous",
    }
