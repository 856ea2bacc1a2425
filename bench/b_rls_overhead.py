"""6. RLS overhead: per-user queries as `authenticated` (RLS on) vs the same query as
`service_role` (BYPASSRLS) with an explicit user filter, on tables of >= 1M rows; then the
same with bare auth.uid() in the policies instead of (select auth.uid())."""

from __future__ import annotations

import re

from bench.common import Result, begin_as, connect, explain, median, ms, server, timed

# a sample = `reps` back-to-back executions (sub-millisecond queries: one timing per
# execution is mostly scheduler noise on a shared 2-core VM); medians over `runs` samples
SCALES = {"quick": dict(rows=100_000, runs=15, reps=10),
          "full": dict(rows=1_000_000, runs=41, reps=20)}

# name -> (the app's query relying on RLS, the fastest explicit query returning the same rows
# for service_role, the query with a narrow explicit user filter run by both roles)
_R = "select id, split_id, percentage, total_received from public.revenue_split_recipients"
_S = "select id, status, total_revenue from public.revenue_splits"
_E = ("select event_type, count(*) from public.analytics_events as e"
      " where e.created_at >= now() - interval '30 days' {f} group by 1")
_EF = "and e.mashup_id in (select m.id from public.mashups as m where m.creator_id = %(me)s)"
_X = ("select id, amount, reason, created_at from public.xp_transactions {f}"
      " order by created_at desc limit 50")
QUERIES = {
    "own XP log (latest 50)": (
        _X.format(f=""), _X.format(f="where user_id = %(me)s"),
        _X.format(f="where user_id = %(me)s"),
    ),
    "own splits: recipient rows I receive or of splits I created": (
        _R,
        f"{_R} where user_id = %(me)s union all {_R} where split_id in (select s.id from "
        "public.revenue_splits as s where s.creator_id = %(me)s) "
        "and user_id is distinct from %(me)s",
        f"{_R} where user_id = %(me)s",
    ),
    "own splits: splits I created or receive from": (
        _S,
        f"{_S} where creator_id = %(me)s union all {_S} where id in (select r.split_id from "
        "public.revenue_split_recipients as r where r.user_id = %(me)s) "
        "and creator_id <> %(me)s",
        f"{_S} where creator_id = %(me)s",
    ),
    "own analytics: raw events of own mashups, last 30 days, per type": (
        _E.format(f=""), _E.format(f=_EF), _E.format(f=_EF),
    ),
}


def setup(conn, rows: int) -> str:
    users = rows // 100
    conn.execute(
        "insert into auth.users (id, email) select gen_random_uuid(), 'r' || g || '@bench.test'"
        " from generate_series(1, %(u)s) as g",
        {"u": users},
    )
    conn.execute(
        "create table bench_user as select (row_number() over (order by id) - 1)::int as idx,"
        " id as user_id from public.profiles"
    )
    conn.execute("alter table bench_user add primary key (idx)")
    # bulk load: the data is valid by construction, so skip per-row triggers and FK checks
    conn.execute("set session_replication_role = replica")
    conn.execute(
        """
        insert into public.xp_transactions (user_id, amount, reason, reference_id, created_at)
        select u.user_id, 1 + g %% 50, 'bench', gen_random_uuid(),
          now() - random() * interval '365 days'
        from generate_series(0, %(n)s - 1) as g inner join bench_user as u on u.idx = g %% %(u)s
        """,
        {"n": rows, "u": users},
    )
    conn.execute(
        """
        create table bench_split as
        select s, gen_random_uuid() as id, (s %% %(u)s)::int as cidx
        from generate_series(0, %(s)s - 1) as s
        """,
        {"s": rows // 4, "u": users},
    )
    conn.execute(
        """
        insert into public.revenue_splits (id, creator_id, status, total_revenue)
        select b.id, u.user_id, 'active', (b.s % 1000)::numeric
        from bench_split as b inner join bench_user as u on u.idx = b.cidx
        """
    )
    conn.execute(
        """
        insert into public.revenue_split_recipients (split_id, user_id, display_name, percentage)
        select b.id, u.user_id, 'r' || k, 25
        from bench_split as b cross join generate_series(0, 3) as k
        inner join bench_user as u on u.idx = (b.s * 7 + k * 13 + 1) %% %(u)s
        """,
        {"u": users},
    )
    conn.execute(
        """
        create table bench_mashup as
        select g as idx, gen_random_uuid() as id from generate_series(0, %(m)s - 1) as g
        """,
        {"m": users * 10},
    )
    conn.execute("alter table bench_mashup add primary key (idx)")
    conn.execute(
        """
        insert into public.mashups (id, creator_id, title, status, visibility)
        select b.id, u.user_id, 'm' || b.idx, 'published', 'public'
        from bench_mashup as b inner join bench_user as u on u.idx = b.idx %% %(u)s
        """,
        {"u": users},
    )
    conn.execute(
        """
        insert into public.analytics_events (mashup_id, event_type, created_at)
        select b.id, case when g %% 10 = 0 then 'like' else 'play' end,
          now() - random() * interval '365 days'
        from generate_series(0, %(n)s - 1) as g
        inner join bench_mashup as b on b.idx = (g * 7) %% %(m)s
        """,
        {"n": rows, "m": users * 10},
    )
    conn.execute("set session_replication_role = origin")
    for t in ("xp_transactions", "revenue_splits", "revenue_split_recipients", "mashups",
              "analytics_events"):
        conn.execute(f"vacuum analyze public.{t}")
    return str(conn.execute("select user_id from bench_user where idx = 0").fetchone()[0])


def measure(url: str, me: str, runs: int, rls_explicit: bool, reps: int = 1
            ) -> dict[str, tuple[list, list, int]]:
    """Interleaved timings: authenticated (RLS) vs service_role (explicit filter)."""
    out = {}
    with connect(url, autocommit=False) as a, connect(url, autocommit=False) as b:
        begin_as(a, "authenticated", me)
        begin_as(b, "service_role")
        for name in QUERIES:
            rls, same, narrow = QUERIES[name]
            qa, qb = (narrow, narrow) if rls_explicit else (rls, same)
            na = len(a.execute(qa, {"me": me}).fetchall())
            nb = len(b.execute(qb, {"me": me}).fetchall())
            if na != nb:
                raise AssertionError(f"{name}: RLS returned {na} rows, explicit filter {nb}")
            ta, tb = [], []

            def many(conn, q: str) -> None:
                for _ in range(reps):
                    conn.execute(q, {"me": me}).fetchall()

            many(a, qa)
            many(b, qb)  # warm: prepared statements, caches
            for i in range(runs):
                # alternate who goes first, so that drift hits both alike
                pair = [(ta, a, qa), (tb, b, qb)]
                for out_list, conn, q in pair if i % 2 == 0 else pair[::-1]:
                    out_list.append(timed(lambda conn=conn, q=q: many(conn, q)) / reps)
            out[name] = (ta, tb, na)
        a.rollback()
        b.rollback()
    return out


def plans(url: str, me: str, res: Result, label: str) -> None:
    with connect(url, autocommit=False) as a:
        begin_as(a, "authenticated", me)
        for name in QUERIES:
            res.plans[f"{name} — authenticated, RLS only ({label})"] = explain(
                a, QUERIES[name][0], {"me": me})
        a.rollback()


def bare_policies(conn, tables: list[str]) -> list[str]:
    """Rewrite the policies of `tables` to call bare auth.uid(); return what changed."""
    changed = []
    rows = conn.execute(
        "select tablename, policyname, qual, with_check from pg_policies "
        "where schemaname = 'public' and tablename = any(%s)",
        (tables,),
    ).fetchall()
    pat = re.compile(r"\( SELECT auth\.uid\(\) AS uid\)")
    for table, policy, qual, check in rows:
        new_qual = pat.sub("auth.uid()", qual) if qual else None
        new_check = pat.sub("auth.uid()", check) if check else None
        if new_qual == qual and new_check == check:
            continue
        parts = []
        if new_qual:
            parts.append(f"using ({new_qual})")
        if new_check:
            parts.append(f"with check ({new_check})")
        conn.execute(f'alter policy "{policy}" on public.{table} ' + " ".join(parts))
        changed.append(f"{table}.{policy}")
    return changed


def run(scale: str) -> Result:
    p = SCALES[scale]
    res = Result(
        "rls_overhead",
        "6. RLS overhead on per-user queries",
        {"rows_per_table": p["rows"], "users": p["rows"] // 100,
         "runs": f"{p['runs']} samples × {p['reps']} executions, median of per-sample means",
         "tables": "xp_transactions, revenue_splits (rows/4), revenue_split_recipients, "
                   "analytics_events (+ mashups: 10 per user)",
         "method": "authenticated: the app query relying on RLS (no user filter); baseline: "
                   "the same query as service_role (BYPASSRLS) with the explicit user filter; "
                   "interleaved, same server, medians"},
    )
    with server() as srv:
        url = srv.migrated_db()
        with connect(url) as conn:
            me = setup(conn, p["rows"])
        plans(url, me, res, "(select auth.uid())")
        for explicit, label in ((False, "RLS only"), (True, "RLS + explicit filter")):
            got = measure(url, me, p["runs"], explicit, p["reps"])
            for name, (ta, tb, n) in got.items():
                ma, mb = median(ta), median(tb)
                res.row(f"{name} [{label}] ({n} rows)", ms(ma), "ms",
                        baseline="service_role, same rows by explicit filter"
                        if not explicit else "service_role, same query",
                        baseline_value=ms(mb), ratio=ma / mb,
                        target="≤ 1.2× (on ≥ 1M rows)" if not explicit else None,
                        # the target is stated for tables of >= 1M rows
                        passed=(ma / mb <= 1.2)
                        if not explicit and p["rows"] >= 1_000_000 else None,
                        runs=p["runs"])
        with connect(url) as conn:
            changed = bare_policies(conn, ["xp_transactions", "revenue_splits",
                                           "revenue_split_recipients", "analytics_events",
                                           "mashups"])
        res.details["bare_auth_uid_policies"] = changed
        plans(url, me, res, "bare auth.uid()")
        got = measure(url, me, p["runs"], False, p["reps"])
        for name, (ta, tb, _n) in got.items():
            ma, mb = median(ta), median(tb)
            res.row(f"{name} [RLS only, bare auth.uid() in the policy]", ms(ma), "ms",
                    baseline="service_role + explicit filter", baseline_value=ms(mb),
                    ratio=ma / mb, runs=p["runs"])
        res.memory = srv.memory()
    return res
