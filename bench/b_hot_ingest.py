"""12. Hot mashup ingest: 8 concurrent writers logging plays (log_analytics_event as
anonymous listeners, one play per transaction) on ONE mashup against 8 writers on 8
mashups of 8 creators, and on 8 mashups of one creator; the rollup checked exact in
every sampled snapshot and at the end. Then the same with the rollup as it was before
0025 (one row per mashup and day, every play of a mashup updating it), in the same run."""

from __future__ import annotations

import os
import threading
import time

from bench.common import Result, connect, median, server

SCALES = {"quick": dict(plays=25, runs=2), "full": dict(plays=300, runs=15)}
WRITERS = 8

# before 0025: every statement adds its plays to the single row of its (mashup, day)
ONE_ROW = """
create function public.bench_rollup_one_row() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  insert into public.analytics_daily_rollup as r (mashup_id, day, shard, creator_id, plays)
  select n.mashup_id, (n.created_at at time zone 'UTC')::date, 0,
    (select m.creator_id from public.mashups as m where m.id = n.mashup_id),
    pg_catalog.count(*) filter (where n.event_type = 'play')
  from changed_events as n group by 1, 2 order by 1, 2
  on conflict (mashup_id, day, shard) do update set plays = r.plays + excluded.plays;
  return null;
end;
$$;
create trigger bench_rollup_one_row after insert on public.analytics_events
referencing new table as changed_events
for each statement execute function public.bench_rollup_one_row();
"""

EXACT = ("select (select coalesce(sum(plays), 0) from public.analytics_daily_rollup "
         "where mashup_id = any(%(ms)s::uuid[])), (select count(*) from public.analytics_events "
         "where mashup_id = any(%(ms)s::uuid[]) and event_type = 'play')")


def setup(conn) -> dict[str, list[str]]:
    """8 creators with one public mashup each; creator 0 has 7 more (8 in all)."""
    conn.execute("insert into auth.users (id, email) select gen_random_uuid(), 'h' || g || "
                 "'@bench.test' from generate_series(1, %s) as g", (WRITERS,))
    creators = [str(r[0]) for r in conn.execute("select id from public.profiles order by id")]
    one = lambda c: str(conn.execute(  # noqa: E731
        "insert into public.mashups (creator_id, title, status, visibility) "
        "values (%s, 'hot', 'published', 'public') returning id", (c,)).fetchone()[0])
    distinct = [one(c) for c in creators]
    same = [distinct[0]] + [one(creators[0]) for _ in range(WRITERS - 1)]
    # the first play of a creator creates their user_gamification row: not measured
    conn.execute("select public.log_analytics_event(m, 'play') from unnest(%s::uuid[]) as m",
                 (distinct,))
    return {"one mashup": [distinct[0]] * WRITERS, "8 mashups of 8 creators": distinct,
            "8 mashups of one creator": same}


def burst(url: str, conns: list, targets: list[str], plays: int, tag: str
          ) -> tuple[float, int, int]:
    """WRITERS threads (one open connection each) log `plays` plays each on their target
    mashup; returns (plays/s, snapshots sampled by a concurrent reader, snapshots where
    rollup != raw events)."""
    barrier = threading.Barrier(WRITERS + 1)
    errors: list[BaseException] = []
    stop = threading.Event()
    seen = [0, 0]

    def writer(w: int) -> None:
        conn = conns[w]
        try:
            barrier.wait()
            for i in range(plays):
                conn.execute(
                    "select set_config('role', 'anon', true), set_config('request.jwt."
                    "claims', '{\"role\": \"anon\"}', true), set_config('request.headers',"
                    " %s, true)", (f'{{"x-real-ip": "{tag}.{w}.{i}"}}',))
                conn.execute("select public.log_analytics_event(%s, 'play')", (targets[w],))
                conn.commit()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller
            errors.append(exc)
            barrier.abort()

    def reader() -> None:
        with connect(url) as conn:
            while not stop.is_set():
                rollup, events = conn.execute(EXACT, {"ms": list(set(targets))}).fetchone()
                seen[0] += 1
                seen[1] += rollup != events
                stop.wait(0.02)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(WRITERS)]
    watch = threading.Thread(target=reader)
    for t in threads:
        t.start()
    watch.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    stop.set()
    watch.join()
    if errors:
        raise errors[0]
    return WRITERS * plays / elapsed, seen[0], seen[1]


def run(scale: str) -> Result:
    p = SCALES[scale]
    res = Result(
        "hot_ingest",
        "12. Hot mashup ingest (8 concurrent writers)",
        {"writers": WRITERS, "plays_per_writer_per_run": p["plays"], "runs": p["runs"],
         "method": "8 threads, one connection each (opened once per variant), as anon "
                   "listeners (distinct addresses: no play is de-duplicated), one "
                   "log_analytics_event per transaction; "
                   "throughput = all plays / wall clock; scenarios interleaved run by run; "
                   "median over runs; a reader samples the rollup against the raw events "
                   "every 20 ms. Taken on a 2-core VM shared with other jobs (under load).",
         "load_average_at_start": round(os.getloadavg()[0], 1)},
    )
    with server() as srv:
        url = srv.migrated_db()
        with connect(url) as conn:
            targets = setup(conn)
        variants = (("0025 sharded rollup", False), ("rollup as before 0025: one row", True))
        rates: dict[tuple[str, str], list[float]] = {}
        snapshots = mismatches = 0
        for label, one_row in variants:
            with connect(url) as conn:
                if one_row:
                    conn.execute(ONE_ROW)
                    conn.execute("alter table public.analytics_events "
                                 "disable trigger analytics_events_rollup_insert")
            conns = [connect(url, autocommit=False) for _ in range(WRITERS)]
            try:
                for r in range(p["runs"]):
                    for name, ms in targets.items():
                        tag = f"{int(one_row)}.{r}.{list(targets).index(name)}"
                        rate, n, bad = burst(url, conns, ms, p["plays"], tag)
                        rates.setdefault((label, name), []).append(rate)
                        snapshots, mismatches = snapshots + n, mismatches + bad
            finally:
                for conn in conns:
                    conn.close()
        with connect(url) as conn:
            every = [m for ms in targets.values() for m in ms]
            rollup, events = conn.execute(EXACT, {"ms": every}).fetchone()
            shards = conn.execute(
                "select max(n) from (select count(*) as n from public.analytics_daily_rollup "
                "group by mashup_id, day) as g").fetchone()[0]
        for label, _ in variants:
            base = median(rates[(label, "8 mashups of 8 creators")])
            for name in targets:
                rate = median(rates[(label, name)])
                # judged at full scale only: a quick burst is mostly ramp-up
                hot = name == "one mashup" and label.startswith("0025") and scale == "full"
                res.row(f"{name}: plays/s [{label}]", round(rate), "plays/s",
                        baseline="8 mashups of 8 creators, same variant",
                        baseline_value=round(base), ratio=rate / base,
                        target="≥ 0.9×" if hot else None, passed=(rate / base >= 0.9)
                        if hot else None, runs=p["runs"])
        res.row("rollup snapshots sampled during the runs that differ from the raw events",
                mismatches, f"of {snapshots}", target="0", passed=mismatches == 0)
        res.details.update(
            rollup_plays_at_end=rollup, raw_play_events_at_end=events,
            rollup_exact_at_end=rollup == events, most_shard_rows_of_one_mashup_day=shards,
            load_average_at_end=round(os.getloadavg()[0], 1),
            rates={f"{k[0]} / {k[1]}": [round(x) for x in v] for k, v in rates.items()})
        res.memory = srv.memory()
    return res
