"""The playlists-style feature: two new tables with a policy file each and one SECURITY
DEFINER helper (the SQL of tests/toolkit/review/playlists/sql) pass the gate by adding only that SQL
and tests/rls data (tests/toolkit/fixtures/playlists_rls, appended to the three files)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import REPO

from toolkit import engine
from toolkit.db import Target
from toolkit.project import Project

SQL = REPO / "tests" / "toolkit" / "review" / "playlists" / "sql"
DATA = Path(__file__).parent.parent / "fixtures" / "playlists_rls"


def feature_branch(root: Path) -> Project:
    """A copy of this project plus the feature: SQL files, and appends to tests/rls data."""
    shutil.copytree(REPO / "sql", root / "sql")
    shutil.copytree(
        REPO / "tests" / "rls",
        root / "tests" / "rls",
        ignore=shutil.ignore_patterns("*.py", "__pycache__"),
    )
    for kind in ("migrations", "functions", "policies"):
        for path in (SQL / kind).glob("*.sql"):
            shutil.copy(path, root / "sql" / kind / path.name)
    for name in ("world.sql", "probes.toml", "matrix.toml"):
        with (root / "tests" / "rls" / name).open("a") as f:
            f.write((DATA / name).read_text())
    return Project(root)


def mashdb_test(root: Path, url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "toolkit",
            "--project",
            str(root),
            "test",
            "--database-url",
            url,
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_the_playlists_feature_passes_the_gate_with_sql_and_data_files_only(tmp_path, migrated_db):
    project = feature_branch(tmp_path / "feature")
    engine.migrate(Target(migrated_db, "test"), project)
    done = mashdb_test(project.root, migrated_db)
    assert done.returncode == 0, done.stdout[-4000:]
    passed = re.search(r"(\d+) passed, 0 failed", done.stdout.strip().splitlines()[-1])
    assert passed and int(passed.group(1)) > 500
    # the gate really looks at the new tables: without their probe rows it fails
    probes = project.root / "tests" / "rls" / "probes.toml"
    probes.write_text(probes.read_text().replace("[tables.playlist_items]", "[tables.unused]"))
    failed = mashdb_test(project.root, migrated_db, "-k", "gate")
    assert failed.returncode == 1
    assert "[table-unprobed] public.playlist_items" in failed.stdout
