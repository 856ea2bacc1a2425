"""3. RLS suite throughput: assertions per second of the policy suite (tests/rls)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from bench.common import REPO, Result, RssSampler, postmasters_since

JUNIT = Path(tempfile.gettempdir()) / "mashdb-bench-rls-junit.xml"
SUMMARY = re.compile(
    r"mashdb rls: (\d+) assertions \((\d+) statements attempted\)"
    r"(?: in ([\d.]+)s = (\d+) assertions/s)?"  # absent under xdist: no single clock there
)
COUNTS = re.compile(r"(\d+) (passed|failed|errors?|xfailed|skipped|xpassed)")


def command(scale: str) -> list[str]:
    cmd = [sys.executable, "-m", "pytest", "tests/rls", "-q", "-p", "no:cacheprovider"]
    # per-test call durations (setup excluded: server start and template build)
    cmd += [f"--junitxml={JUNIT}", "-o", "junit_duration_report=call"]
    if scale == "quick":
        cmd += ["-n", "2"]  # both cores: keeps bench-quick under two minutes
    return cmd


def run(scale: str) -> Result:
    cmd = command(scale)
    shown = "pytest " + " ".join(cmd[3:])
    res = Result("rls_suite", "3. RLS policy suite throughput",
                 {"command": shown, "suite": "tests/rls (its own throwaway server and template)"})
    if not (REPO / "tests" / "rls").is_dir() or not any((REPO / "tests" / "rls").glob("test_*.py")):
        res.row("RLS suite", "not measured", "", baseline="tests/rls has no tests yet")
        return res
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    sampler = RssSampler(postmasters_since(time.time() - 1)).start()
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
    finally:
        sampler.stop()
    wall = time.perf_counter() - start
    res.memory = {"peak_rss_mib": round(sampler.peak_rss / 2**20, 1),
                  "peak_pss_mib": round(sampler.peak_pss / 2**20, 1)}
    out = proc.stdout + proc.stderr
    counts = {k: int(n) for n, k in COUNTS.findall(out.splitlines()[-1] if out else "")}
    res.details.update(exit_code=proc.returncode, wall_seconds=round(wall, 1),
                       outcome=counts, tail=out.strip().splitlines()[-3:])
    calls = None
    try:
        calls = sum(float(tc.get("time", 0)) for tc in ET.parse(JUNIT).iter("testcase"))
        JUNIT.unlink()
    except (OSError, ET.ParseError):
        pass
    m = SUMMARY.search(out)
    if m:
        n, attempts = int(m[1]), int(m[2])
        res.details.update(assertions=n, attempts=attempts)
        if m[3]:
            secs, rate = float(m[3]), int(m[4])
            res.details["seconds"] = secs
            res.row(f"RLS suite: {n} assertions in {secs:.1f} s (the suite's own counter: "
                    "whole pytest session, server start and template build included)", rate,
                    "assertions/s", runs=1)
        if calls:
            workers = 2 if "-n" in cmd else 1
            res.details["test_call_seconds"] = round(calls, 2)
            res.row(f"RLS suite: {n} assertions in {calls:.1f} s of test calls "
                    f"(setup excluded; summed over {workers} worker(s))", round(n / calls),
                    "assertions/s", target="thousands/s",
                    passed=n / calls >= 1000, runs=1)
    else:
        passed = counts.get("passed", 0)
        res.row(f"RLS suite: no assertion counter in the output; {passed} tests passed in "
                f"{wall:.1f} s", round(passed / wall, 1), "tests/s", runs=1)
    res.row("RLS suite wall clock (subprocess)", round(wall, 1), "s",
            baseline=", ".join(f"{v} {k}" for k, v in counts.items()) or None, runs=1)
    return res
