"""`python -m bench --scale quick|full`: run the benchmarks, write bench/results.json and
regenerate docs/performance.md. Timings are medians of >= 5 runs with a baseline measured in
the same run; every benchmark runs on its own throwaway server."""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import sys
import time
import traceback
import warnings
from datetime import UTC, datetime
from pathlib import Path

from bench import (
    b_analytics,
    b_hot_ingest,
    b_migrate,
    b_public_reads,
    b_rls_network,
    b_rls_overhead,
    b_rls_suite,
    b_seed,
    b_startup,
    b_under_load,
    b_vector,
    report,
)
from bench.common import REPO, Result

BENCHMARKS = {
    "migrate": b_migrate.run,
    "clone": b_migrate.run_clone,
    "rls_overhead": b_rls_overhead.run,
    "analytics": b_analytics.run,
    "vector": b_vector.run,
    "public_reads": b_public_reads.run,
    "hot_ingest": b_hot_ingest.run,
    "startup": b_startup.run,
    "rls_suite": b_rls_suite.run,  # another team's suite, run as a subprocess
    "rls_network": b_rls_network.run,  # mashdb test through a loopback latency proxy
    "under_load": b_under_load.run,  # migrations applied while the app's queries run
    "seed": b_seed.run,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", choices=("quick", "full"), default="quick")
    parser.add_argument("--only", action="append", choices=sorted(BENCHMARKS),
                        help="run only these benchmarks (repeatable)")
    parser.add_argument("--out", type=Path, default=None,
                        help="results file (default: bench/results.json for --scale full, "
                             "bench/.work/results-quick.json for --scale quick)")
    parser.add_argument("--doc", type=Path, default=None,
                        help="rendered doc (default: docs/performance.md for --scale full, "
                             "bench/.work/performance-quick.md for --scale quick)")
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite the doc")
    parser.add_argument("--merge", action="store_true",
                        help="with --only: replace just these benchmarks in the existing "
                             "results file (same scale), keep the others")
    parser.add_argument("--render-only", action="store_true",
                        help="only regenerate the doc from the existing results file")
    args = parser.parse_args(argv)
    # the committed figures are the full scale's: a quick run writes beside them, never over them
    committed = args.scale == "full" or args.render_only
    scratch = REPO / "bench" / ".work"
    args.out = args.out or (REPO / "bench" / "results.json" if committed
                            else scratch / "results-quick.json")
    args.doc = args.doc or (REPO / "docs" / "performance.md" if committed
                            else scratch / "performance-quick.md")
    if args.render_only:
        doc = json.loads(args.out.read_text())
        args.doc.write_text(report.render(doc))
        print(report.summary_table(doc))
        return 0
    warnings.simplefilter("ignore")
    os.environ.pop("DATABASE_URL", None)
    # SIGTERM (CI timeouts, kill) unwinds normally, so every throwaway server is stopped
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    started = time.perf_counter()
    results: list[dict] = []
    for name, fn in BENCHMARKS.items():
        if args.only and name not in args.only:
            continue
        print(f"[bench] {name} ({args.scale}) …", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        try:
            res = fn(args.scale)
        except Exception as exc:  # noqa: BLE001 - a failed benchmark is reported, not fatal
            res = Result(name, name, {"scale": args.scale})
            res.error = f"{type(exc).__name__}: {exc}"
            res.details["traceback"] = traceback.format_exc()
        res.seconds = round(time.perf_counter() - t0, 1)
        print(f"[bench] {name}: {res.seconds} s" + (f" — ERROR {res.error}" if res.error else ""),
              file=sys.stderr, flush=True)
        for row in res.rows:
            flag = {True: "PASS", False: "MISS", None: ""}[row["pass"]]
            print(f"    {row['metric']}: {row['value']} {row['unit']}"
                  + (f" (ratio {row['ratio']})" if row["ratio"] is not None else "")
                  + (f" [{row['target']} {flag}]" if row["target"] else ""), file=sys.stderr)
        results.append(res.to_json())

    doc = {
        "scale": args.scale,
        "command": f"make {'bench' if args.scale == 'full' else 'bench-quick'}   "
                   f"# = .venv/bin/python -m bench --scale {args.scale}",
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "total_seconds": round(time.perf_counter() - started, 1),
        "machine": {
            "cpus": os.cpu_count(),
            "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "benchmarks": results,
    }
    if args.merge and args.out.exists():
        old = json.loads(args.out.read_text())
        if old.get("scale") == args.scale:
            fresh = {r["name"]: r for r in results}
            merged = [fresh.pop(r["name"], r) for r in old["benchmarks"]]
            doc["benchmarks"] = merged + list(fresh.values())
            doc["total_seconds"] = old.get("total_seconds")
            rerun = f"{', '.join(args.only or [])} re-run at {doc['finished_at']}"
            doc["merged"] = f"{old['merged']}; {rerun}" if old.get("merged") else rerun
            doc["finished_at"] = old.get("finished_at")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.doc.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=1, ensure_ascii=False, default=str) + "\n")
    if not args.no_doc:
        args.doc.write_text(report.render(doc))
    print(report.summary_table(doc))
    print(f"[bench] wrote {args.out}" + ("" if args.no_doc else f" and {args.doc}")
          + f" in {doc['total_seconds']} s", file=sys.stderr)
    return 1 if any(r.get("error") for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
