"""8. CLI start-up: `mashdb --help` and no-op commands as whole processes vs `python -c pass`.

The no-op commands run twice: as users run them (served by the fast path, toolkit/noop.py)
and with MASHDB_FULL_PATH=1 (the full command line), so the gain is measured in the same run.

Every command is a fresh process of the venv's interpreter, as a user runs it. The rounds
interleave the commands (baseline included), so load on the machine hits all of them alike;
the ratios are of medians within this one run. CPU time (user + sys of the child) is recorded
too: on a shared machine it is steadier than wall time.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from bench.common import REPO, Result, median, server

PYTHON = sys.executable
MASHDB = str(Path(sys.executable).with_name("mashdb"))


FULL = " — full path (MASHDB_FULL_PATH=1)"


def _commands(url: str) -> dict[str, list[str]]:
    project = ["--project", str(REPO)]
    status = [MASHDB, *project, "status", "--database-url", url]
    migrate = [MASHDB, *project, "migrate", "--database-url", url]
    return {
        "python -c pass": [PYTHON, "-c", "pass"],
        "mashdb --help": [MASHDB, "--help"],
        "mashdb status (no-op, at head)": status,
        "mashdb migrate (no-op, at head)": migrate,
        # the same commands with the no-op fast path (toolkit/noop.py) turned off
        f"mashdb status (no-op, at head){FULL}": status,
        f"mashdb migrate (no-op, at head){FULL}": migrate,
    }


def _run_once(cmd: list[str], full: bool = False) -> tuple[float, float]:
    """Wall and CPU seconds of one process run to completion (it must succeed); `full`
    turns the no-op fast path off."""
    env = {k: v for k, v in os.environ.items() if k != "MASHDB_FULL_PATH"}
    if full:
        env["MASHDB_FULL_PATH"] = "1"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


TARGETS = {
    "mashdb --help": 4.0,
    "mashdb status (no-op, at head)": 6.0,
    "mashdb migrate (no-op, at head)": 6.0,
}


def run(scale: str) -> Result:
    rounds = 7 if scale == "quick" else 21
    res = Result("startup", "8. CLI start-up (whole processes)", {"rounds": rounds})
    env_url = os.environ.pop("DATABASE_URL", None)
    try:
        with server() as srv:
            commands = _commands(srv.migrated_db())
            for name, cmd in commands.items():  # warm the page cache and .pyc files
                _run_once(cmd, name.endswith(FULL))
            walls: dict[str, list[float]] = {name: [] for name in commands}
            cpus: dict[str, list[float]] = {name: [] for name in commands}
            for _ in range(rounds):
                for name, cmd in commands.items():
                    wall, cpu = _run_once(cmd, name.endswith(FULL))
                    walls[name].append(wall)
                    cpus[name].append(cpu)
            res.memory = srv.memory()
    finally:
        if env_url is not None:
            os.environ["DATABASE_URL"] = env_url
    base_wall = median(walls["python -c pass"])
    base_cpu = median(cpus["python -c pass"])
    res.row("python -c pass (baseline), median", round(base_wall * 1000, 1), "ms", runs=rounds)
    for name in list(commands)[1:]:
        wall, cpu = median(walls[name]), median(cpus[name])
        ratio = wall / base_wall
        target = TARGETS.get(name)
        res.row(
            f"{name}, median",
            round(wall * 1000, 1),
            "ms",
            baseline="python -c pass",
            baseline_value=round(base_wall * 1000, 1),
            ratio=ratio,
            target=f"≤ {target:g}×" if target else None,
            passed=None if target is None else ratio <= target,
            runs=rounds,
        )
        res.details[f"{name}: CPU (user+sys) median"] = (
            f"{cpu * 1000:.1f} ms = {cpu / base_cpu:.2f}× python -c pass ({base_cpu * 1000:.1f} ms)"
        )
    res.details["load average at the end"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return res
