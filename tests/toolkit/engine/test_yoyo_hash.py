"""The key of a migration's yoyo row is computed by mashdb itself (toolkit/yoyo_compat.py),
so that applying migrations does not import yoyo: it must equal yoyo's own hash for every
id, and an applying migrate must not import yoyo. (That yoyo then reads what mashdb wrote
is tests/toolkit/engine/test_yoyo_contract.py.)"""

from __future__ import annotations

import subprocess
import sys

import pytest
from yoyo.migrations import get_migration_hash

from toolkit import yoyo_compat

IDS = ["0001_profiles", "0025_read_shapes_and_hot_rows", "0003_café_ünïcode", "x", ""]


@pytest.mark.parametrize("migration_id", IDS)
def test_the_hash_is_yoyos(migration_id: str) -> None:
    assert yoyo_compat.migration_hash(migration_id) == get_migration_hash(migration_id)


MIGRATE = """
import sys
from pathlib import Path
from toolkit import engine
from toolkit.db import Target
from toolkit.project import Project
root = Path(sys.argv[2])
(root / "sql" / "migrations").mkdir(parents=True)
(root / "sql" / "migrations" / "0001_t.sql").write_text("create table public.t (id int);\\n")
(root / "sql" / "migrations" / "0001_t.rollback.sql").write_text("drop table public.t;\\n")
done = engine.migrate(Target(sys.argv[1], "test"), Project(root))
print(len(done.steps), "yoyo" in sys.modules)
"""


def test_an_applying_migrate_does_not_import_yoyo(empty_db: str, tmp_path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", MIGRATE, empty_db, str(tmp_path / "project")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["1", "False"]
