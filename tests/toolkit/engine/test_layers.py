"""Layers that only look down: discovery and planning never connect.

Structural: a fresh interpreter imports the project layer (files, migrations, repeatables,
plan, the bookkeeping model, the yoyo adapter) and must not have loaded a database driver,
the engine, the data-loss guard or the status module.
"""

from __future__ import annotations

import json
import subprocess
import sys

PROJECT_LAYER = (
    "toolkit.files",
    "toolkit.migrations",
    "toolkit.repeatables",
    "toolkit.plan",
    "toolkit.state",
    "toolkit.yoyo_compat",
)
ABOVE_OR_DRIVER = ("psycopg", "toolkit.db", "toolkit.engine", "toolkit.status", "toolkit.dataloss")


def test_the_project_layer_imports_no_driver_and_nothing_above_it() -> None:
    probe = (
        "import sys, json\n"
        + "".join(f"import {m}\n" for m in PROJECT_LAYER)
        + f"print(json.dumps([m for m in {list(ABOVE_OR_DRIVER)!r} if m in sys.modules]))\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout.splitlines()[-1]) == []
