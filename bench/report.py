"""Render bench/results.json as docs/performance.md (the doc is regenerated, never hand-edited:
narrative that is not a measurement lives in bench/notes.py, its figures filled by `figures`)."""

from __future__ import annotations

from bench.notes import INTRO, TUNING


def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:,.3f}".rstrip("0").rstrip(".") if abs(v) < 100 else f"{v:,.1f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def _result(row: dict) -> str:
    return {True: "**pass**", False: "**MISS**", None: ""}[row.get("pass")]


def _ordered(doc: dict) -> list[dict]:
    def key(b: dict) -> tuple:
        head = b["title"].split(".")[0]
        return (int(head), "") if head.isdigit() else (99, b["name"])

    return sorted(doc["benchmarks"], key=key)


def summary_table(doc: dict) -> str:
    lines = [
        "| # | metric | value | baseline (same run) | ratio | target | result | runs |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for b in _ordered(doc):
        num = b["title"].split(".")[0] if b["title"][:1].isdigit() else b["name"]
        if b.get("error"):
            lines.append(f"| {num} | {b['name']} | ERROR: {b['error']} | | | | **MISS** | |")
            continue
        for r in b["rows"]:
            base = ""
            if r.get("baseline"):
                base = r["baseline"]
                if r.get("baseline_value") is not None:
                    unit = r["unit"] if r["unit"] != "×" else "ms"
                    base += f": {_fmt(r['baseline_value'])} {unit}"
            ratio = f"{r['ratio']:.2f}×" if r.get("ratio") is not None else ""
            lines.append(
                f"| {num} | {r['metric']} | {_fmt(r['value'])} {r['unit']} | {base} | {ratio} | "
                f"{r.get('target') or ''} | {_result(r)} | {r.get('runs') or ''} |"
            )
    return "\n".join(lines)


_SERVER = ("PostgreSQL", "pgvector", "shared_buffers", "work_mem", "maintenance_work_mem",
           "max_wal_size")


def _kv(d: dict) -> str:
    lines = []
    for k, v in d.items():
        if v is None or v == "":
            continue
        if k == "server" and isinstance(v, list | tuple):
            v = ", ".join(f"{name} {val}" for name, val in zip(_SERVER, v, strict=False))
        lines.append(f"- {k.replace('_', ' ')}: {_fmt(v)}")
    return "\n".join(lines)


def _memory(mem: dict) -> str:
    if not mem:
        return "- peak server memory: not sampled"
    if "peak_rss_mib" in mem:
        return (f"- peak server memory: RSS sum {mem['peak_rss_mib']} MiB "
                f"(PSS sum {mem['peak_pss_mib']} MiB)")
    return "\n".join(
        f"- peak server memory ({k}): RSS sum {v['peak_rss_mib']} MiB "
        f"(PSS sum {v['peak_pss_mib']} MiB)" for k, v in mem.items()
    )


def _options(opts: dict) -> list[str]:
    out = []
    cols = ("index MiB", "recall@10", "visible nbhd", "hidden nbhd", "p50 ms", "p95 ms",
            "on-CPU p50 ms", "on-CPU p95 ms", "buffers/query")
    for sb, runs in opts["runs"].items():
        out += [f"Search options, shared_buffers {opts['shared_buffers'][sb]} (heap "
                f"{opts['heap_mib']} MiB):", "",
                "| option | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
        for name, r in runs.items():
            vals = (opts["index_mib"][r["index"]], r["recall"], r["recall_visible_neighbourhood"],
                    r["recall_hidden_neighbourhood"], r["p50_ms"], r["p95_ms"], r["cpu_p50_ms"],
                    r["cpu_p95_ms"], r["buffers_per_query"])
            out.append(f"| {name} | " + " | ".join(_fmt(v) for v in vals) + " |")
        sims = "; ".join(f"{n}: {r['similarity_found_vs_exact_hidden']}" for n, r in runs.items()
                         if r.get("similarity_found_vs_exact_hidden"))
        out += ["", f"Mean similarity of the 10 found vs the exact 10 on the hidden-"
                f"neighbourhood queries — {sims}" if sims else "", ""]
    return out


def _phase_table(d: dict) -> str:
    out = ["| phase | ms | share of the CLI run | of one psql session |", "|---|---|---|---|"]
    out += [f"| {r['phase']} | {r['ms']} | {r['of_cli']:.0%} | {r['of_psql_session']:.2f}× |"
            for r in d["cli_phases"]]
    return "\n".join(out)


def _section(b: dict) -> str:
    out = [f"### {b['title']}", ""]
    if b.get("error"):
        out += [f"**Failed:** `{b['error']}`", "", "```text", b["details"].get("traceback", ""),
                "```", ""]
        return "\n".join(out)
    out += ["Scale and method:", "", _kv(b["scale"]), _memory(b.get("memory", {})),
            f"- benchmark wall clock: {b['seconds']} s", ""]
    d = b.get("details", {})
    if "search_options" in d:
        out += _options(d["search_options"])
    if "cli_phases" in d:
        out += ["Where one `mashdb migrate` process (empty → head) spends its time: medians of "
                "one instrumented process per run (the engine's functions timed), beside the "
                "CLI total and the psql session of the same run:", "", _phase_table(d), ""]
    if "ivfflat" in d:
        ivf = "; ".join(f"{k.replace('_', ' ')} {v}" for k, v in d["ivfflat"].items())
        out += [f"IVFFlat (the index first planned), for comparison: {ivf}", ""]
    extra = {k: v for k, v in d.items()
             if k not in ("search_options", "ivfflat", "traceback", "tail")
             and not k.endswith("seconds") and not isinstance(v, dict | list)}
    if extra:
        out += ["Other facts measured:", "", _kv(extra), ""]
    for title, plan in b.get("plans", {}).items():
        if plan:
            out += [f"EXPLAIN (ANALYZE, BUFFERS) — {title}:", "", "```text", plan, "```", ""]
    return "\n".join(out)


# name in bench/notes.py → (benchmark, text in the row's metric, field of the row)
_FIGURES = {
    "migrate_cli_ms": ("migrate", "mashdb migrate (CLI subprocess) vs one psql", "value"),
    "psql_session_ms": ("migrate", "mashdb migrate (CLI subprocess) vs one psql",
                        "baseline_value"),
    "dbmate_ms": ("migrate", "mashdb migrate (CLI subprocess) vs dbmate", "baseline_value"),
    "migrate_cli_source_ratio": ("migrate", "toolkit not byte-compiled", "ratio"),
    "migrate_vs_psql": ("migrate", "mashdb migrate (in-process), median", "ratio"),
    "migrate_vs_session": ("migrate", "mashdb migrate (in-process) vs one psql", "ratio"),
    "migrate_vs_dbmate": ("migrate", "mashdb (in-process) vs dbmate", "ratio"),
    "migrate_cli_vs_session": ("migrate", "mashdb migrate (CLI subprocess) vs one psql", "ratio"),
    "migrate_cli_vs_dbmate": ("migrate", "mashdb migrate (CLI subprocess) vs dbmate", "ratio"),
    "status_noop_ratio": ("startup", "mashdb status (no-op, at head), median", "ratio"),
    "migrate_noop_ratio": ("startup", "mashdb migrate (no-op, at head), median", "ratio"),
    "help_ratio": ("startup", "mashdb --help, median", "ratio"),
    "status_full_ratio": ("startup", "mashdb status (no-op, at head) — full path", "ratio"),
    "migrate_full_ratio": ("startup", "mashdb migrate (no-op, at head) — full path", "ratio"),
    "clone_ms": ("clone", "clone from template (testdb.clone: CREATE DATABASE … TEMPLATE), "
                 "median — ThrowawayServer default", "value"),
    "clone_disk_ms": ("clone", "clone from template (testdb.clone: CREATE DATABASE … "
                      "TEMPLATE), median — pgdata on disk", "value"),
    "clone_speedup": ("clone", "speed-up of clone over re-migrate — ThrowawayServer", "ratio"),
    "rls_suite_rate": ("rls_suite", "of test calls", "value"),
    "analytics_p50": ("analytics", "as the creator (RLS on), p50", "value"),
    "analytics_speedup": ("analytics", "speed-up over naive GROUP BY", "ratio"),
    "single_ingest": ("analytics", "single-event ingest", "value"),
    "single_ingest_base": ("analytics", "single-event ingest", "baseline_value"),
    "single_ingest_ratio": ("analytics", "single-event ingest", "ratio"),
    "batch_ingest_ratio": ("analytics", "batch ingest", "ratio"),
    "recall": ("vector", "recall@10 of match_mashups (0029 shape", "value"),
    "recall_before": ("vector", "recall@10 of match_mashups (0029 shape", "baseline_value"),
    "recall_hnsw": ("vector", "recall@10 of 0027's shape (HNSW", "value"),
    "recall_visible": ("vector", "on the queries whose neighbourhood is visible", "value"),
    "recall_hidden": ("vector", "recall@10 of match_mashups on the queries whose 100 nearest",
                      "value"),
    "recall_hidden_before": ("vector", "recall@10 of match_mashups on the queries whose 100 "
                             "nearest", "baseline_value"),
    "recall_hidden_hnsw": ("vector", "recall@10 of 0027's shape on the queries whose 100",
                           "value"),
    "vector_p50": ("vector", "match_mashups latency p50 [shared_buffers 128MB]", "value"),
    "vector_p95": ("vector", "match_mashups latency p95 [shared_buffers 128MB]", "value"),
    "vector_p95_before": ("vector", "match_mashups latency p95 [shared_buffers 128MB]",
                          "baseline_value"),
    "vector_p95_big": ("vector", "match_mashups latency p95 [shared_buffers 2GB]", "value"),
    "vector_p95_big_before": ("vector", "match_mashups latency p95 [shared_buffers 2GB]",
                              "baseline_value"),
    "vector_p95_hnsw": ("vector", "latency p95 of 0027's shape [shared_buffers 128MB]",
                        "value"),
    "vector_cpu_p95": ("vector", "match_mashups on-CPU time p95 [shared_buffers 128MB]",
                       "value"),
    "vector_cpu_p95_before": ("vector", "match_mashups on-CPU time p95 [shared_buffers 128MB]",
                              "baseline_value"),
    "vector_cpu_p95_big": ("vector", "match_mashups on-CPU time p95 [shared_buffers 2GB]",
                           "value"),
    "vector_size": ("vector", "index size — 0018", "value"),
    "halfvec_size": ("vector", "index size — halfvec(1536) HNSW expression", "value"),
    "public_size": ("vector", "index size — 0027", "value"),
    "public_ratio": ("vector", "index size — 0027", "ratio"),
    "ivf_size": ("vector", "index size — 0029", "value"),
    "public_build": ("vector", "index build — 0027", "value"),
    "ivf_build": ("vector", "index build — 0029", "value"),
    "vector_build": ("vector", "index build — 0018", "value"),
    "size_8k": ("vector", "(8,000 mashups)", "value"),
    "size_8k_alone": ("vector", "(8,000 mashups)", "baseline_value"),
    "size_20k": ("vector", "(20,000 mashups)", "value"),
    "size_20k_alone": ("vector", "(20,000 mashups)", "baseline_value"),
    "size_40k": ("vector", "(40,000 mashups)", "value"),
    "size_40k_alone": ("vector", "(40,000 mashups)", "baseline_value"),
    "ivf_empty": ("vector", "built on the EMPTY table", "value"),
    "ivf_tenth": ("vector", "built on a tenth of the rows", "value"),
    "ivf_half": ("vector", "built on half of the rows", "value"),
    "ivf_loaded": ("vector", "built on all rows (as after a rebuild)", "value"),
    "bare_analytics_ratio": ("rls_overhead", "own analytics: raw events of own mashups, last "
                             "30 days, per type [RLS only, bare auth.uid()", "ratio"),
    "net_before_rtpa": ("rls_network", "before (commit", "value"),
    "net_before_ratio": ("rls_network", "recorded once): mashdb test at 10 ms", "ratio"),
    "net_before_seconds": ("rls_network", "recorded once): mashdb test at 10 ms", "value"),
    "net_rtpa": ("rls_network", "round trips per assertion (", "value"),
    "net_local": ("rls_network", "mashdb test, local", "value"),
    "net_10_ratio": ("rls_network", "mashdb test at 10 ms round trip (", "ratio"),
    "net_30_ratio": ("rls_network", "mashdb test at 30 ms round trip (", "ratio"),
    "likes_before": ("public_reads", "count its likes — anon [policy as before 0025]", "ratio"),
    "likes_after": ("public_reads", "count its likes — anon [head policies]", "ratio"),
    "likes_before_ms": ("public_reads", "count its likes — anon [policy as before 0025]",
                        "value"),
    "likes_after_ms": ("public_reads", "count its likes — anon [head policies]", "value"),
    "comments_before": ("public_reads", "count its comments — anon [policy as before 0025]",
                        "ratio"),
    "sessions_before": ("public_reads", "my sessions (no filter, RLS does it) — member "
                        "[policy as before 0025]", "ratio"),
    "feed_inlined": ("public_reads", "public feed, newest 50 — stranger [auth.uid() inlined",
                     "ratio"),
    "feed_caller": ("public_reads", "public feed, newest 50 — stranger [head policies]",
                    "ratio"),
    "feed_prepared": ("public_reads", "public feed, newest 50 — stranger [head policies, "
                      "prepared", "ratio"),
    "feed_prepared_anon": ("public_reads", "public feed, newest 50 — anon [head policies, "
                           "prepared", "ratio"),
    "profile_prepared": ("public_reads", "public mashups — stranger [head policies, prepared",
                         "ratio"),
    "feed_nofilter": ("public_reads", "no filter (RLS does it) — anon [head policies]",
                      "ratio"),
    "profile_inlined": ("public_reads", "public mashups — stranger [auth.uid() inlined",
                        "ratio"),
    "profile_caller": ("public_reads", "public mashups — stranger [head policies]", "ratio"),
    "rooms_inlined": ("public_reads", "its voice rooms — member [auth.uid() inlined", "ratio"),
    "rooms_caller": ("public_reads", "its voice rooms — member [head policies]", "ratio"),
    "participants_member": ("public_reads", "its participants — member [head policies]",
                            "ratio"),
    "captions_stranger": ("public_reads", "its captions — stranger [head policies]", "ratio"),
    "captions_anon": ("public_reads", "its captions — anon [head policies]", "ratio"),
    "feed_service_ms": ("public_reads", "public feed, newest 50 — stranger [head policies]",
                        "baseline_value"),
    "hot_after": ("hot_ingest", "one mashup: plays/s [0025", "ratio"),
    "hot_before": ("hot_ingest", "one mashup: plays/s [rollup as before", "ratio"),
    "same_creator_after": ("hot_ingest", "8 mashups of one creator: plays/s [0025", "ratio"),
}
NOT_MEASURED = "(not measured in this run)"


def _rows(doc: dict, bench: str) -> list[dict]:
    return next((b.get("rows", []) for b in doc["benchmarks"] if b["name"] == bench), [])


def _figure(row: dict, field: str) -> str:
    if field == "ratio":
        return f"{row['ratio']:.3g}×"
    unit = row["unit"] if row["unit"] not in ("", "×") else ""
    text = _fmt(row[field])
    return f"{text} {unit}" if unit else (f"{text}×" if row["unit"] == "×" else text)


def _ratio_range(rows: list[dict]) -> str:
    ratios = [r["ratio"] for r in rows if r.get("ratio") is not None]
    if not ratios:
        return NOT_MEASURED
    low, high = min(ratios), max(ratios)
    return f"{low:.2f}×" if f"{low:.2f}" == f"{high:.2f}" else f"{low:.2f}×–{high:.2f}×"


def _difference_us(rows: list[dict], slower: str, faster: str) -> str:
    """How much longer the `slower` row's value is than the `faster` one's, in µs."""
    a = next((r for r in rows if slower in r["metric"]), None)
    b = next((r for r in rows if faster in r["metric"]), None)
    if a is None or b is None:
        return NOT_MEASURED
    return f"{(a['value'] - b['value']) * 1000:.0f} µs"


def figures(doc: dict) -> dict[str, str]:
    """Every figure the narrative of bench/notes.py quotes, read from the results `doc`."""
    out = {}
    for name, (bench, needle, field) in _FIGURES.items():
        row = next((r for r in _rows(doc, bench) if needle in r["metric"]), None)
        out[name] = NOT_MEASURED if row is None or row.get(field) is None else _figure(row, field)
    migrate = next((b for b in doc["benchmarks"] if b["name"] == "migrate"), {})
    phases = {r["key"]: r for r in migrate.get("details", {}).get("cli_phases", [])}
    for key in ("start", "imports", "files", "rls", "privileges", "session", "steps", "output",
                "rest"):
        out[f"phase_{key}"] = f"{phases[key]['ms']} ms" if key in phases else NOT_MEASURED
    overhead = _rows(doc, "rls_overhead")
    out["rls_only_range"] = _ratio_range([r for r in overhead if "[RLS only]" in r["metric"]])
    out["public_range"] = _ratio_range([r for r in _rows(doc, "public_reads")
                                        if "[head policies]" in r["metric"]])
    out["inline_cost"] = _difference_us(
        _rows(doc, "public_reads"), "public feed, newest 50 — stranger [auth.uid() inlined",
        "public feed, newest 50 — stranger [head policies]")
    feed = next((r for r in _rows(doc, "public_reads")
                 if "public feed, newest 50 — stranger [head policies]" in r["metric"]), None)
    out["feed_extra_us"] = (f"{(feed['value'] - feed['baseline_value']) * 1000:.0f} µs"
                            if feed else NOT_MEASURED)
    extra = [r["value"] - r["baseline_value"] for r in overhead
             if "[RLS + explicit filter]" in r["metric"] and r.get("baseline_value") is not None]
    out["explicit_extra"] = (f"{min(extra):.2f}–{max(extra):.2f} ms" if extra else NOT_MEASURED)
    targeted = [r for b in doc["benchmarks"] for r in b.get("rows", []) if r.get("target")]
    missed = [r["metric"] for r in targeted if not r.get("pass")]
    out["targets_met"] = (
        f"All {len(targeted)} rows with a target pass in the figures above."
        if not missed
        else f"{len(targeted) - len(missed)} of {len(targeted)} rows with a target pass; "
        f"missed: {'; '.join(missed)}."
    )
    return out


def render(doc: dict) -> str:
    m = doc["machine"]
    parts = [
        INTRO.format(
            command=doc["command"], scale=doc["scale"], finished=doc["finished_at"],
            total=doc["total_seconds"], cpus=m["cpus"],
            merged=f" Re-run since and merged: {doc['merged']}." if doc.get("merged") else "",
            mem=m["memory_gib"],
            platform=m["platform"], python=m["python"],
        ),
        "## Summary",
        "",
        summary_table(doc),
        "",
        TUNING.format(**figures(doc)),
        "## Details per benchmark",
        "",
    ]
    parts += [_section(b) for b in _ordered(doc)]
    return "\n".join(parts).rstrip() + "\n"
