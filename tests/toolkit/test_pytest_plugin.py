"""The pytest11 plugin costs nothing in a project that does not use mashdb: it loads no
database driver and no RLS machinery there, and registers the RLS fixtures in a project."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROBE = """
import sys


def test_loaded_modules(request):
    loaded = sorted(m for m in sys.modules if m.startswith(("toolkit", "psycopg")))
    rls = request.config.pluginmanager.has_plugin("toolkit.rls.fixtures")
    print("LOADED", ",".join(loaded), "RLS", rls)
"""


def run_probe(root: Path, *args: str) -> str:
    """Run pytest on the probe test under `root` in a fresh interpreter; its LOADED line."""
    (root / "test_probe.py").write_text(PROBE)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return next(line for line in done.stdout.splitlines() if line.startswith("LOADED"))


def test_a_project_without_mashdb_loads_no_driver_and_no_rls_machinery(tmp_path: Path) -> None:
    line = run_probe(tmp_path)
    loaded = line.split()[1].split(",")
    assert "toolkit.pytest_plugin" in loaded  # the plugin is installed and active ...
    assert not [m for m in loaded if m.startswith(("psycopg", "toolkit.rls", "toolkit.db"))]
    assert line.endswith("RLS False")  # ... but registers nothing heavy


def test_a_mashdb_project_gets_the_rls_fixtures(tmp_path: Path) -> None:
    (tmp_path / "sql" / "migrations").mkdir(parents=True)
    line = run_probe(tmp_path)
    assert "toolkit.rls.fixtures" in line.split()[1].split(",")
    assert line.endswith("RLS True")


def test_a_mashdb_option_turns_the_rls_fixtures_on_anywhere(tmp_path: Path) -> None:
    line = run_probe(tmp_path, "--mashdb-project", str(tmp_path))
    assert line.endswith("RLS True")
