"""Migrations under load, executed: apply migration files to a scratch database while a small
concurrent workload of the app's queries runs, and report what the migration locked and how
long the workload waited on it.

How it measures:
- the migration runs on its own connection, each statement timed; inside a transactional
  file, the relation locks the session holds are read after every statement, so the locks
  each statement newly took are exact (not sampled);
- another connection samples `pg_locks` every few milliseconds: the migration's granted
  locks (this is how the short-lived locks of a `-- transactional: false` file are seen) and
  every workload backend waiting for a lock the migration holds (`pg_blocking_pids`);
- every workload query is timed; a query seen waiting on the migration "waited" its whole
  latency, attributed to the first statement that took a lock on that relation in a mode
  conflicting with the one the query asked for. Queries never seen waiting did not wait on
  the migration (their latency is the machine's noise, reported apart as `max_latency`).

A statement whose lock made a read or a write wait longer than the threshold is a dangerous
finding with its file:line. The caller owns the scratch database (it is changed).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from toolkit import db
from toolkit.review.findings import Item
from toolkit.sqlfile import read_sql_file

DEFAULT_THRESHOLD = 0.200  # seconds a read or write may wait before the migration is dangerous
SAMPLE_INTERVAL = 0.005
QUERY_PAUSE = 0.002  # between a workload thread's queries: leave CPU to the migration

# PostgreSQL's table-level lock conflict matrix (docs: "Explicit Locking", table 13.2)
_MODES = ("AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock",
          "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock")
_CONFLICTS = {
    "AccessShareLock": {"AccessExclusiveLock"},
    "RowShareLock": {"ExclusiveLock", "AccessExclusiveLock"},
    "RowExclusiveLock": {"ShareLock", "ShareRowExclusiveLock", "ExclusiveLock",
                         "AccessExclusiveLock"},
    "ShareUpdateExclusiveLock": {"ShareUpdateExclusiveLock", "ShareLock",
                                 "ShareRowExclusiveLock", "ExclusiveLock",
                                 "AccessExclusiveLock"},
    "ShareLock": {"RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareRowExclusiveLock",
                  "ExclusiveLock", "AccessExclusiveLock"},
    "ShareRowExclusiveLock": {"RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock",
                              "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"},
    "ExclusiveLock": set(_MODES[1:]),
    "AccessExclusiveLock": set(_MODES),
}

_OWN_LOCKS = """
select l.relation::regclass::text, l.mode
from pg_catalog.pg_locks as l
inner join pg_catalog.pg_class as c on l.relation = c.oid
inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
where l.pid = pg_catalog.pg_backend_pid() and l.locktype = 'relation' and l.granted
  and n.nspname not in ('pg_catalog', 'information_schema')
"""

_SAMPLE = """
select 'held' as kind, l.pid, l.relation::regclass::text, l.mode
from pg_catalog.pg_locks as l
inner join pg_catalog.pg_class as c on l.relation = c.oid
inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
where l.pid = %(pid)s and l.locktype = 'relation' and l.granted
  and n.nspname not in ('pg_catalog', 'information_schema')
union all
select 'waiting', l.pid, l.relation::regclass::text, l.mode
from pg_catalog.pg_locks as l
where l.locktype = 'relation' and not l.granted
  and %(pid)s = any(pg_catalog.pg_blocking_pids(l.pid))
"""


@dataclass(frozen=True)
class WorkloadQuery:
    """One of the app's queries, run in a loop by its own thread.

    `params` builds each execution's parameters from the thread's random generator; `role`
    is set on the thread's connection (e.g. service_role); `writes` tells reads from writes
    in findings."""

    name: str
    sql: str
    params: Callable[[random.Random], dict] | None = None
    role: str | None = None
    writes: bool = False


@dataclass
class StatementRun:
    """One executed statement: where it is, how long it ran, the relation locks it took."""

    location: str
    text: str
    seconds: float = 0.0
    locks: set[tuple[str, str]] = field(default_factory=set)  # (relation, mode)
    max_wait: float = 0.0
    waits: dict[str, float] = field(default_factory=dict)  # workload query -> longest wait
    blocked: set[tuple[str, str, bool]] = field(default_factory=set)  # (relation, mode, write)


@dataclass
class MigrationUnderLoad:
    """What one migration file did to the workload."""

    file: str
    seconds: float
    statements: list[StatementRun]
    max_wait: dict[str, float]  # per workload query: longest wait on the migration's locks
    max_latency: dict[str, float]  # per workload query: longest latency while it ran
    baseline_max_latency: dict[str, float]  # per workload query: longest before it ran
    executed: dict[str, int]
    findings: list[Item]
    errors: list[str] = field(default_factory=list)  # workload queries that failed (first 20)

    @property
    def longest_wait(self) -> float:
        return max(self.max_wait.values(), default=0.0)

    def to_json(self) -> dict:
        """Plain data (for bench/results.json and a review's JSON output)."""
        return {
            "file": self.file, "seconds": round(self.seconds, 4),
            "longest_wait_ms": round(self.longest_wait * 1000, 1),
            "max_wait_ms": {k: round(v * 1000, 1) for k, v in self.max_wait.items()},
            "max_latency_ms": {k: round(v * 1000, 1) for k, v in self.max_latency.items()},
            "baseline_max_latency_ms": {k: round(v * 1000, 1)
                                        for k, v in self.baseline_max_latency.items()},
            "executed": self.executed,
            "statements": [
                {"location": s.location, "ms": round(s.seconds * 1000, 2),
                 "locks": sorted(f"{mode} on {rel}" for rel, mode in s.locks),
                 "max_wait_ms": round(s.max_wait * 1000, 1)}
                for s in self.statements
            ],
            "findings": [{"severity": f.severity, "location": f.location, "title": f.title,
                          "detail": f.detail} for f in self.findings],
            "workload_errors": self.errors,
        }


@dataclass
class _Execution:
    query: str
    pid: int
    start: float
    end: float


class _Workload:
    """One thread per workload query, looping until stopped; every execution timed."""

    def __init__(self, url: str, queries: list[WorkloadQuery], seed: int) -> None:
        self.queries = queries
        self.stop = threading.Event()
        self.executions: list[_Execution] = []
        self.errors: list[str] = []
        self._lock = threading.Lock()
        self.conns = [db.connect(url, application_name="mashdb-under-load") for _ in queries]
        self.pids = [c.info.backend_pid for c in self.conns]
        self.threads = [threading.Thread(target=self._loop, args=(i, seed + i), daemon=True)
                        for i in range(len(queries))]

    def _loop(self, i: int, seed: int) -> None:
        query, conn, rng = self.queries[i], self.conns[i], random.Random(seed)
        if query.role:
            conn.execute(f'set role "{query.role}"')
        while not self.stop.is_set():
            params = query.params(rng) if query.params else None
            start = time.monotonic()
            try:
                cur = conn.execute(query.sql, params)
                if cur.description:
                    cur.fetchall()
            except psycopg.Error as exc:
                with self._lock:
                    self.errors.append(f"{query.name}: {str(exc).splitlines()[0]}")
                if len(self.errors) > 100:
                    return
            end = time.monotonic()
            with self._lock:
                self.executions.append(_Execution(query.name, self.pids[i], start, end))
            self.stop.wait(QUERY_PAUSE)

    def __enter__(self) -> _Workload:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=30)
        for c in self.conns:
            c.close()


class _Sampler:
    """Samples, from its own connection, the migration's locks and who waits on them."""

    def __init__(self, url: str, pid: int) -> None:
        self.conn = db.connect(url, application_name="mashdb-under-load-sampler")
        self.pid = pid
        self.samples: list[tuple[float, str, int, str, str]] = []  # (t, kind, pid, rel, mode)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self.stop.is_set():
            rows = self.conn.execute(_SAMPLE, {"pid": self.pid}).fetchall()
            now = time.monotonic()
            self.samples += [(now, kind, pid, rel, mode) for kind, pid, rel, mode in rows]
            self.stop.wait(SAMPLE_INTERVAL)

    def __enter__(self) -> _Sampler:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=30)
        self.conn.close()


def _run_file(conn: psycopg.Connection, path: Path, name: str,
              windows: list[tuple[float, float, StatementRun]]) -> list[StatementRun]:
    """Execute one migration file the way `mashdb migrate` does (one transaction unless
    `-- transactional: false`), recording each statement's window and locks."""
    sql = read_sql_file(path, name)
    transactional = sql.directive("transactional") != ("false",)
    runs: list[StatementRun] = []
    held: set[tuple[str, str]] = set()
    if transactional:
        conn.execute("begin")
    try:
        for stmt in sql.statements:
            run = StatementRun(f"{name}:{stmt.line}", stmt.text.strip().splitlines()[0][:120])
            start = time.monotonic()
            conn.execute(stmt.text)
            end = time.monotonic()
            run.seconds = end - start
            if transactional:
                now = {(rel, mode) for rel, mode in conn.execute(_OWN_LOCKS).fetchall()}
                run.locks |= now - held
                held |= now
            windows.append((start, end, run))
            runs.append(run)
        if transactional:
            conn.execute("commit")
    except BaseException:
        if transactional:
            try:
                conn.execute("rollback")
            except psycopg.Error:
                conn.close()  # a connection in doubt: closing it releases its locks
        raise
    return runs


def _statement_at(windows: list[tuple[float, float, StatementRun]], t: float) -> StatementRun:
    for _start, end, run in windows:
        if t <= end:
            return run
    return windows[-1][2]


def run_under_load(
    url: str,
    path: Path,
    workload: list[WorkloadQuery],
    *,
    name: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    warmup: float = 0.5,
    tail: float = 0.3,
    seed: int = 1,
) -> MigrationUnderLoad:
    """Apply the migration file `path` to the database at `url` while `workload` runs;
    return its statements' locks, the workload's waits and the dangerous findings."""
    name = name or path.name
    windows: list[tuple[float, float, StatementRun]] = []
    with db.connect(url, application_name="mashdb-under-load-migration") as mig:
        with _Workload(url, workload, seed) as load, _Sampler(url, mig.info.backend_pid) as smp:
            time.sleep(warmup)
            began = time.monotonic()
            statements = _run_file(mig, path, name, windows)
            finished = time.monotonic()
            time.sleep(tail)
    for t, kind, _pid, rel, mode in smp.samples:
        if kind == "held" and began <= t <= finished:
            _statement_at(windows, t).locks.add((rel, mode))
    writes = {q.name: q.writes for q in workload}
    waiting: dict[int, list[tuple[float, str, str]]] = {}
    for t, kind, pid, rel, mode in smp.samples:
        if kind == "waiting":
            waiting.setdefault(pid, []).append((t, rel, mode))
    max_wait = {q.name: 0.0 for q in workload}
    max_latency = dict(max_wait)
    baseline = dict(max_wait)
    executed = {q.name: 0 for q in workload}
    for ex in load.executions:
        latency = ex.end - ex.start
        executed[ex.query] += 1
        if ex.end < began:
            baseline[ex.query] = max(baseline[ex.query], latency)
            continue
        max_latency[ex.query] = max(max_latency[ex.query], latency)
        seen = [(rel, mode) for t, rel, mode in waiting.get(ex.pid, ())
                if ex.start <= t <= ex.end]
        if not seen:
            continue
        rel, mode = seen[0]
        max_wait[ex.query] = max(max_wait[ex.query], latency)
        culprit = next((s for s in statements
                        if any(r == rel and m in _CONFLICTS[mode] for r, m in s.locks)),
                       _statement_at(windows, ex.start))
        if latency > culprit.max_wait:
            culprit.max_wait = latency
        culprit.waits[ex.query] = max(culprit.waits.get(ex.query, 0.0), latency)
        culprit.blocked.add((rel, mode, writes[ex.query]))
    findings = [_finding(s, threshold) for s in statements if s.max_wait > threshold]
    findings += [
        Item("load", "dangerous", f"the app's query {error.split(':', 1)[0]!r} fails while "
             f"or after {name} is applied", error, name)
        for error in dict.fromkeys(load.errors)
    ][:5]
    return MigrationUnderLoad(name, finished - began, statements, max_wait, max_latency,
                              baseline, executed, findings, load.errors[:20])


def _finding(stmt: StatementRun, threshold: float) -> Item:
    kinds = sorted({"writes" if w else "reads" for _r, _m, w in stmt.blocked})
    rels = sorted({r for r, _m, _w in stmt.blocked})
    modes = sorted({m for r, m in stmt.locks if r in rels})
    waits = ", ".join(f"{q} {w * 1000:.0f} ms" for q, w in sorted(stmt.waits.items()))
    return Item(
        section="load",
        severity="dangerous",
        title=f"blocks {' and '.join(kinds)} on {', '.join(rels)} for "
              f"{stmt.max_wait * 1000:.0f} ms under load",
        detail=f"takes {', '.join(modes) or 'a conflicting lock'}; waited: {waits} "
               f"(threshold {threshold * 1000:.0f} ms)",
        location=stmt.location,
        table=rels[0] if rels else "",
    )
