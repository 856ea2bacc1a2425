"""9. Migrations under load, executed: 0020 applied to a copy with N generated rows per table
while the app's queries run (tests/load/workload.toml: feed read, like insert, play log, a
voice room read and a room opened), as written ("before") and rewritten NOT VALID + VALIDATE
("after", a fixture copy: 0020 itself is immutable). Reports the longest time any workload
query waited on the migration's locks and the locks each statement took.

The same code path as `mashdb review --under-load` (toolkit/review/load_run.py): the rows
come from its generic generator and the workload from the project's workload file; only
the tables the workload and 0020 use (and the tables they reference) are filled, so that
1M rows per table fit a benchmark. N is 10k rows per table at quick scale, 1M at full;
BENCH_UNDER_LOAD_ROWS overrides it."""

from __future__ import annotations

import os

from bench.common import PROJECT, REPO, Result, connect, server
from toolkit.review import load_run
from toolkit.review.under_load import DEFAULT_THRESHOLD
from toolkit.review.workload import DEFAULT_PATH
from toolkit.review.workload import load as load_workload

SCALES = {"quick": 10_000, "full": 1_000_000}
MIGRATION = PROJECT.root / "sql" / "migrations" / "0020_voice_rooms_provider.sql"
ROLLBACK = PROJECT.root / "sql" / "migrations" / "0020_voice_rooms_provider.rollback.sql"
FIXED = REPO / "bench" / "fixtures" / "0020_voice_rooms_provider_not_valid.sql"
TABLES = ("public.mashups", "public.voice_rooms", "public.mashup_likes",
          "public.analytics_events")


def run(scale: str) -> Result:
    rows = int(os.environ.get("BENCH_UNDER_LOAD_ROWS") or SCALES[scale])
    declared = load_workload(REPO / DEFAULT_PATH, DEFAULT_PATH.as_posix())
    res = Result("under_load", "9. Migrations under load, executed (0020)",
                 {"rows_per_table": rows, "tables": ", ".join(TABLES) + " and the tables "
                  "they reference, filled by review's row generator",
                  "workload": f"{len(declared.queries)} threads ({DEFAULT_PATH.as_posix()}): "
                  + ", ".join(q.name for q in declared.queries),
                  "threshold_ms": DEFAULT_THRESHOLD * 1000,
                  "command": "BENCH_UNDER_LOAD_ROWS=<N> .venv/bin/python -m bench --scale full "
                  "--only under_load --merge   # N rows per table, default 1M (10k quick)",
                  "lock sampling": "pg_locks + pg_blocking_pids every 5 ms from another "
                  "connection; own-session locks read after every statement"})
    with server() as srv:
        url = srv.migrated_db()
        with connect(url) as conn:  # 0020 rolled back, so that it can be applied again
            conn.execute(ROLLBACK.read_text())
        report = load_run.LoadReport("(the benchmark's server)", rows, DEFAULT_THRESHOLD)
        queries = load_run.fill(url, rows, ["public"], declared, report, lambda m: None,
                                only=TABLES)
        for path in (MIGRATION, FIXED):
            load_run.apply(url, [(path, path.relative_to(REPO).as_posix())], queries,
                           DEFAULT_THRESHOLD, report, lambda m: None)
            with connect(url) as conn:
                conn.execute(ROLLBACK.read_text())
        res.memory = srv.memory()
    if len(report.migrations) != 2 or any(m.errors for m in report.migrations):
        raise RuntimeError(f"bench 9: {[i.title for i in report.items]}")
    got = dict(zip(("before", "after"), report.migrations, strict=True))
    res.details["rows generated"] = ", ".join(f"{t.name} {t.rows:,}" for t in report.tables)
    res.details["notes"] = "; ".join(report.notes) or "none"
    before, after = got["before"], got["after"]
    for label, r in got.items():
        res.details[f"{label}_statements"] = "; ".join(
            f"{s['location']} {s['ms']} ms, waited {s['max_wait_ms']} ms, locks "
            f"{', '.join(s['locks']) or 'none'}" for s in r.to_json()["statements"])
        res.details[f"{label}_findings"] = "; ".join(
            f"{f.location}: {f.title}" for f in r.findings) or "none"
        res.details[f"{label}_max_wait_ms"] = ", ".join(
            f"{k} {v}" for k, v in r.to_json()["max_wait_ms"].items())
        res.details[f"{label}_executed"] = ", ".join(f"{k} {v}" for k, v in r.executed.items())
    bw, aw = before.longest_wait, after.longest_wait
    res.row("0020 as written (inline CHECKs): longest workload wait", round(bw * 1000, 1), "ms",
            target=f"≤ {DEFAULT_THRESHOLD * 1000:.0f} ms", passed=bw <= DEFAULT_THRESHOLD,
            runs=1)
    res.row("0020 as written: migration duration", round(before.seconds * 1000, 1), "ms", runs=1)
    res.row("0020 NOT VALID + VALIDATE: longest workload wait", round(aw * 1000, 1), "ms",
            baseline="0020 as written", baseline_value=round(bw * 1000, 1),
            ratio=aw / bw if bw else None, target=f"≤ {DEFAULT_THRESHOLD * 1000:.0f} ms",
            passed=aw <= DEFAULT_THRESHOLD, runs=1)
    res.row("0020 NOT VALID + VALIDATE: migration duration", round(after.seconds * 1000, 1),
            "ms", baseline="0020 as written", baseline_value=round(before.seconds * 1000, 1),
            ratio=after.seconds / before.seconds if before.seconds else None, runs=1)
    res.row("dangerous findings (before → after)",
            f"{len(before.findings)} → {len(after.findings)}", "", runs=1)
    return res
