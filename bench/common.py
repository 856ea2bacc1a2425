"""Shared machinery of the benchmarks: throwaway servers with an RSS sampler, timing,
impersonation, small statistics. Every benchmark runs on its own throwaway server."""

from __future__ import annotations

import contextlib
import json
import os
import re
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import psycopg

from toolkit import db, embedded, testdb
from toolkit.project import Project

REPO = Path(__file__).resolve().parent.parent
PROJECT = Project(REPO)


def pg_bin() -> Path:
    """The embedded wheel's client programs (psql)."""
    return embedded.bin_dir()


# ---------------------------------------------------------------------------------------
# memory


class RssSampler:
    """Samples the summed RSS (and PSS) of the postmaster and all its children."""

    def __init__(self, pid: int | Callable[[], list[int]], interval: float = 0.25) -> None:
        self.pids = pid if callable(pid) else (lambda: [pid])
        self.interval = interval
        self.peak_rss = 0
        self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> RssSampler:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def sample(self) -> None:
        procs = []
        for pid in self.pids():
            try:
                root = psutil.Process(pid)
                procs += [root, *root.children(recursive=True)]
            except (psutil.Error, ValueError):
                continue
        if not procs:
            return
        rss = pss = 0
        for proc in procs:
            try:
                info = proc.memory_full_info()
            except psutil.Error:
                try:
                    rss += proc.memory_info().rss
                except psutil.Error:
                    pass
                continue
            rss += info.rss
            pss += getattr(info, "pss", info.rss)
        self.peak_rss = max(self.peak_rss, rss)
        self.peak_pss = max(self.peak_pss, pss)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)


@dataclass
class Server:
    """A throwaway embedded server with its sampler."""

    throwaway: testdb.ThrowawayServer
    sampler: RssSampler
    storage: str = "disk"
    template: str | None = None

    @property
    def url(self) -> str:
        return self.throwaway.url

    def memory(self) -> dict[str, float]:
        self.sampler.sample()
        return {
            "peak_rss_mib": round(self.sampler.peak_rss / 2**20, 1),
            "peak_pss_mib": round(self.sampler.peak_pss / 2**20, 1),
        }

    def restart(self, settings: dict[str, str]) -> None:
        """ALTER SYSTEM `settings` and restart (shared_buffers needs a restart); the server
        keeps its socket and port, so every URL of it stays valid."""
        with db.connect(self.url) as conn:
            for key, value in settings.items():
                conn.execute(f"alter system set {key} = '{value}'")
        embedded.restart(self.throwaway.root / "pgdata")
        self.sampler.pids = lambda: [_postmaster_pid(self.throwaway.root)]

    def fresh_db(self, prefix: str = "bench") -> str:
        """An empty database's URL."""
        return db.create_database(self.url, testdb.unique_name(prefix))

    def migrated_db(self) -> str:
        """A database at head (clone of a template built on first use)."""
        if self.template is None:
            self.template = testdb.build_template(self.url, PROJECT)
        return testdb.clone(self.url, self.template)


def postmasters_since(since: float) -> Callable[[], list[int]]:
    """Postmasters of throwaway servers (testdb's /tmp/mashdb-test-*) started after `since`."""

    def find() -> list[int]:
        pids = []
        for pidfile in Path("/tmp").glob("mashdb-test-*/pgdata/postmaster.pid"):
            try:
                pid = int(pidfile.read_text().splitlines()[0])
                if pidfile.stat().st_mtime >= since and pid > 0:  # < 0: single-user mode
                    pids.append(pid)
            except (OSError, ValueError, IndexError):
                continue
        return pids

    return find


def _postmaster_pid(root: Path) -> int:
    return int((root / "pgdata" / "postmaster.pid").read_text().splitlines()[0])


def tmpfs_dir() -> str | None:
    """/dev/shm when it is a writable tmpfs (RAM-backed: no disk noise, cheap file creation)."""
    shm = Path("/dev/shm")
    try:
        return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    except OSError:
        return None


def start_throwaway(tmpfs: bool) -> testdb.ThrowawayServer:
    """testdb.ThrowawayServer with pgdata on tmpfs (its default where /dev/shm is writable)
    or, for comparison, on the disk under /tmp."""
    return testdb.ThrowawayServer.start(tmpfs_dir() if tmpfs else "/tmp")


@contextlib.contextmanager
def server(settings: dict[str, str] | None = None, *, tmpfs: bool = True) -> Iterator[Server]:
    """Start a throwaway server (optionally with ALTER SYSTEM settings + reload); stop it after.

    By default its data directory is on tmpfs when there is one: the benchmarks measure the
    database, not this VM's shared disk (ratios are taken within one server anyway)."""
    throwaway = start_throwaway(tmpfs)
    sampler = None
    try:
        if settings:
            with db.connect(throwaway.url) as conn:
                for key, value in settings.items():
                    conn.execute(f"alter system set {key} = '{value}'")
                conn.execute("select pg_reload_conf()")
        sampler = RssSampler(_postmaster_pid(throwaway.root)).start()
        yield Server(throwaway, sampler, storage="tmpfs" if tmpfs_dir() and tmpfs else "disk")
    finally:
        if sampler is not None:
            sampler.stop()
        throwaway.stop()


# ---------------------------------------------------------------------------------------
# timing and statistics


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def pct(xs: list[float], p: float) -> float:
    s = sorted(xs)
    if not s:
        return float("nan")
    k = (len(s) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def ms(x: float) -> float:
    return round(x * 1000, 3)


@dataclass
class Result:
    """One benchmark's result: rows for the summary table plus details for the doc."""

    name: str
    title: str
    scale: dict
    rows: list[dict] = field(default_factory=list)
    details: dict = field(default_factory=dict)
    plans: dict[str, str] = field(default_factory=dict)
    memory: dict = field(default_factory=dict)
    seconds: float = 0.0
    error: str | None = None

    def row(
        self,
        metric: str,
        value: float | str,
        unit: str = "",
        *,
        baseline: str | None = None,
        baseline_value: float | None = None,
        ratio: float | None = None,
        target: str | None = None,
        passed: bool | None = None,
        runs: int | None = None,
    ) -> None:
        self.rows.append(
            {
                "metric": metric,
                "value": value,
                "unit": unit,
                "baseline": baseline,
                "baseline_value": baseline_value,
                "ratio": None if ratio is None else round(ratio, 3),
                "target": target,
                "pass": passed,
                "runs": runs,
            }
        )

    def to_json(self) -> dict:
        return self.__dict__


# ---------------------------------------------------------------------------------------
# sessions


def connect(url: str, **kw) -> psycopg.Connection:
    kw.setdefault("application_name", "mashdb-bench")
    return db.connect(url, **kw)


def pin_to_one_cpu(*conns: psycopg.Connection) -> bool:
    """Put the server backends of `conns` on one and the same CPU (Linux, a local server, a
    user allowed to: the benchmarks run as the embedded server's owner or root). Two sides
    alternating one execution at a time never compete for it; unpinned, the scheduler puts
    them on different cores of a shared VM, and the fastest execution of a 0.1 ms read
    differed by up to a third between two backends running the same plan. False (nothing
    changed) where it cannot be done."""
    try:
        cpu = min(os.sched_getaffinity(0))
        for conn in conns:
            os.sched_setaffinity(conn.info.backend_pid, {cpu})
    except (AttributeError, OSError):
        return False
    return True


def claims(uid: str) -> str:
    return json.dumps({"sub": str(uid), "role": "authenticated"})


def begin_as(conn: psycopg.Connection, role: str, uid: str | None = None) -> None:
    """Inside an open transaction: become `role` (authenticated impersonates `uid`)."""
    conn.execute(f"set local role {role}")
    if uid is not None:
        conn.execute("select set_config('request.jwt.claims', %s, true)", (claims(uid),))


def explain(conn: psycopg.Connection, query: str, params: tuple | dict | None = None) -> str:
    rows = conn.execute(
        "explain (analyze, buffers, costs off, timing on, summary on) " + query, params
    ).fetchall()
    return _VECTOR_LITERAL.sub("'[…]'", "\n".join(r[0] for r in rows))


_VECTOR_LITERAL = re.compile(r"'\[[-0-9.e,]{200,}\]'")
