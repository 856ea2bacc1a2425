"""9. Migrations under load, executed: 0020 applied to a copy with N generated rows per table
while the app's queries run (feed read, like insert, play log, a voice room read and a room
opened), as written ("before") and rewritten NOT VALID + VALIDATE ("after", a fixture copy:
0020 itself is immutable). Reports the longest time any workload query waited on the
migration's locks and the locks each statement took (toolkit/review/under_load.py).

N is 50k rows per table at quick scale, 1M at full; BENCH_UNDER_LOAD_ROWS overrides it."""

from __future__ import annotations

import os
import random

from bench.common import PROJECT, REPO, Result, connect, server
from toolkit.review.under_load import DEFAULT_THRESHOLD, WorkloadQuery, run_under_load

SCALES = {"quick": 50_000, "full": 1_000_000}
MIGRATION = PROJECT.root / "sql" / "migrations" / "0020_voice_rooms_provider.sql"
ROLLBACK = PROJECT.root / "sql" / "migrations" / "0020_voice_rooms_provider.rollback.sql"
FIXED = REPO / "bench" / "fixtures" / "0020_voice_rooms_provider_not_valid.sql"


def setup(url: str, rows: int) -> tuple[list[str], list[str], list[str]]:
    """`rows` mashups, voice rooms, likes and analytics events (users = rows / 100); 0020
    rolled back so it can be applied again. Returns user, mashup and voice room ids."""
    users = max(rows // 100, 10)
    with connect(url) as conn:
        conn.execute(
            "insert into auth.users (id, email) select gen_random_uuid(), 'u' || g || '@b.test'"
            " from generate_series(1, %(u)s) as g", {"u": users})
        conn.execute("create table bench_user as select (row_number() over (order by id) - 1)"
                     "::int as idx, id from public.profiles")
        conn.execute("alter table bench_user add primary key (idx)")
        # bulk load: valid by construction, so no per-row triggers or FK checks
        conn.execute("set session_replication_role = replica")
        conn.execute(
            "insert into public.mashups (creator_id, title, status, visibility, created_at)"
            " select u.id, 'm' || g, 'published', 'public', now() - g * interval '1 second'"
            " from generate_series(0, %(n)s - 1) as g"
            " inner join bench_user as u on u.idx = g %% %(u)s", {"n": rows, "u": users})
        conn.execute(
            "insert into public.voice_rooms (host_id, name, status)"
            " select u.id, 'room ' || g, case when g %% 4 = 0 then 'closed' else 'open' end"
            " from generate_series(0, %(n)s - 1) as g"
            " inner join bench_user as u on u.idx = g %% %(u)s", {"n": rows, "u": users})
        conn.execute("create table bench_mashup as select (row_number() over (order by id) - 1)"
                     "::int as idx, id from public.mashups")
        conn.execute("alter table bench_mashup add primary key (idx)")
        conn.execute(
            "insert into public.mashup_likes (user_id, mashup_id)"
            " select u.id, m.id from generate_series(0, %(n)s - 1) as g"
            " inner join bench_user as u on u.idx = g %% %(u)s"
            " inner join bench_mashup as m on m.idx = (g / %(u)s + g * 7) %% %(n)s"
            " on conflict do nothing", {"n": rows, "u": users})
        conn.execute(
            "insert into public.analytics_events (mashup_id, event_type, created_at)"
            " select m.id, 'play', now() - random() * interval '90 days'"
            " from generate_series(0, %(n)s - 1) as g"
            " inner join bench_mashup as m on m.idx = (g * 13) %% %(n)s", {"n": rows})
        conn.execute("set session_replication_role = origin")
        conn.execute(ROLLBACK.read_text())
        for table in ("mashups", "voice_rooms", "mashup_likes", "analytics_events"):
            conn.execute(f"vacuum analyze public.{table}")
        user_ids = [str(r[0]) for r in conn.execute("select id from bench_user")]
        mashup_ids = [str(r[0]) for r in conn.execute(
            "select id from bench_mashup where idx < 10000")]
        room_ids = [str(r[0]) for r in conn.execute(
            "select id from public.voice_rooms limit 10000")]
    return user_ids, mashup_ids, room_ids


def workload(users: list[str], mashups: list[str], rooms: list[str]) -> list[WorkloadQuery]:
    """The app's everyday queries, one thread each."""
    return [
        WorkloadQuery("feed read", "select id, title, creator_id, created_at from public.mashups"
                      " where visibility = 'public' and status = 'published'"
                      " order by created_at desc limit 20"),
        WorkloadQuery("like insert", "insert into public.mashup_likes (user_id, mashup_id)"
                      " values (%(u)s, %(m)s) on conflict do nothing",
                      lambda r: {"u": r.choice(users), "m": r.choice(mashups)}, writes=True),
        WorkloadQuery("play log", "select public.log_analytics_event(%(m)s, 'play')",
                      lambda r: {"m": r.choice(mashups)}, role="service_role", writes=True),
        WorkloadQuery("voice room read", "select id, name, status, host_id"
                      " from public.voice_rooms where id = %(v)s",
                      lambda r: {"v": r.choice(rooms)}),
        WorkloadQuery("voice room opened", "insert into public.voice_rooms (host_id, name)"
                      " values (%(u)s, 'bench')", lambda r: {"u": r.choice(users)},
                      writes=True),
    ]


def run(scale: str) -> Result:
    rows = int(os.environ.get("BENCH_UNDER_LOAD_ROWS") or SCALES[scale])
    res = Result("under_load", "9. Migrations under load, executed (0020)",
                 {"rows_per_table": rows, "tables": "mashups, voice_rooms, mashup_likes, "
                  "analytics_events", "workload": "5 threads: feed read, like insert, play "
                  "log (service_role), voice room read, voice room opened",
                  "threshold_ms": DEFAULT_THRESHOLD * 1000,
                  "command": "BENCH_UNDER_LOAD_ROWS=<N> .venv/bin/python -m bench --scale full "
                  "--only under_load --merge   # N rows per table, default 1M (50k quick)",
                  "lock sampling": "pg_locks + pg_blocking_pids every 5 ms from another "
                  "connection; own-session locks read after every statement"})
    with server() as srv:
        url = srv.migrated_db()
        ids = setup(url, rows)
        queries = workload(*ids)
        got = {}
        for label, path in (("before", MIGRATION), ("after", FIXED)):
            got[label] = run_under_load(url, path, queries, name=path.relative_to(REPO).as_posix(),
                                        seed=random.Random(label).randrange(2**16))
            with connect(url) as conn:
                conn.execute(ROLLBACK.read_text())
        res.memory = srv.memory()
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
