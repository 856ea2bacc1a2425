"""5. Vector search: HNSW over clustered 1536-d embeddings with RLS, recall and latency."""

from __future__ import annotations

import re
import time

from bench.common import Result, begin_as, connect, explain, median, ms, pct, server, timed

SCALES = {
    "quick": dict(rows=5_000, topics=10, leaves=50, queries=20, lat_runs=60,
                  sweep=(10, 40, 100, 200), ivf_lists=10, likes=20),
    "full": dict(rows=100_000, topics=50, leaves=1_000, queries=50, lat_runs=300,
                 sweep=(10, 20, 40, 80, 100, 200, 400), ivf_lists=100, likes=20),
}
DIM = 1536
SIGMA_LEAF = 0.5  # leaf centroid = topic centroid + N(0, 0.5) per dimension
SIGMA_ROW = 0.6  # embedding = leaf centroid + N(0, 0.6) per dimension
HIDDEN = "20 % private (other creators), 5 % drafts: hidden from the searching user by RLS"

SEARCH = """
select c.id from (
  select m.id, m.embedding {cast} <=> %(q)s::vector {cast} as distance
  from public.mashups as m
  where m.embedding is not null
  order by m.embedding {cast} <=> %(q)s::vector {cast}
  limit 10
) as c order by c.distance + 0
"""


def setup(conn, p: dict) -> tuple[str, str]:
    conn.execute(
        "insert into auth.users (id, email) select gen_random_uuid(), 'v' || g || '@bench.test' "
        "from generate_series(1, 1001) as g"
    )
    conn.execute(
        "create table bench_user as select row_number() over (order by id) - 1 as idx, "
        "id as user_id from public.profiles"
    )
    conn.execute("alter table bench_user add primary key (idx)")
    viewer = str(conn.execute("select user_id from bench_user where idx = 1000").fetchone()[0])
    # centroids: correlated on g so that each row draws its own numbers
    conn.execute(
        f"""
        create table bench_topic as
        select g as id,
          (select array_agg(random_normal(0, 1)) from generate_series(1, {DIM}) as i
           where g >= 0)::real[] as c
        from generate_series(0, %(t)s - 1) as g
        """,
        {"t": p["topics"]},
    )
    conn.execute(
        f"""
        create table bench_leaf as
        select l as id,
          (select array_agg(x + random_normal(0, {SIGMA_LEAF})) from unnest(t.c) as x)::real[] as c
        from generate_series(0, %(l)s - 1) as l
        inner join bench_topic as t on t.id = l %% %(t)s
        """,
        {"l": p["leaves"], "t": p["topics"]},
    )
    conn.execute("alter table bench_leaf add primary key (id)")
    return viewer


def load_rows(url: str, p: dict) -> float:
    """Insert the mashups with embeddings, in two parallel sessions (2 cores)."""
    import threading

    n = p["rows"]
    # by parity of g: each session inserts the mashups of its own creators (g % 1000), so the
    # publish-XP trigger's user_gamification upserts never wait on each other (no deadlock)
    halves = [(0, n), (1, n)]
    errors: list[BaseException] = []

    def worker(lo: int, hi: int) -> None:
        try:
            with connect(url) as conn:
                conn.execute(
                    f"""
                    insert into public.mashups (
                      creator_id, title, genre, status, visibility, published_at, embedding)
                    select u.user_id, 'mashup ' || g, 'genre' || (g %% 20),
                      case when g %% 20 = 7 then 'draft' else 'published' end,
                      case when g %% 5 = 3 then 'private' else 'public' end,
                      now() - interval '1 day',
                      (select array_agg(x + random_normal(0, {SIGMA_ROW}))
                       from unnest(l.c) as x)::vector({DIM})
                    from generate_series(%(lo)s, %(hi)s - 1, 2) as g
                    inner join bench_leaf as l on l.id = (g * 7919) %% %(leaves)s
                    inner join bench_user as u on u.idx = g %% 1000
                    """,
                    {"lo": lo, "hi": hi, "leaves": p["leaves"]},
                )
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    start = time.perf_counter()
    threads = [threading.Thread(target=worker, args=h) for h in halves]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return time.perf_counter() - start


def make_queries(conn, p: dict) -> list[str]:
    rows = conn.execute(
        f"""
        select (select array_agg(x + random_normal(0, {SIGMA_ROW})) from unnest(l.c) as x
                where g > 0)::vector({DIM})::text
        from generate_series(1, %(q)s) as g
        inner join bench_leaf as l on l.id = (g * 104729) %% %(leaves)s
        """,
        {"q": p["queries"], "leaves": p["leaves"]},
    ).fetchall()
    return [r[0] for r in rows]


def recall(found: list[list], truth: list[list]) -> float:
    hits = sum(len(set(f) & set(t)) for f, t in zip(found, truth, strict=True))
    return hits / sum(len(t) for t in truth)


def run(scale: str) -> Result:
    p = SCALES[scale]
    res = Result(
        "vector",
        "5. Vector search (pgvector HNSW, RLS on)",
        {"rows": p["rows"], "dim": DIM, "queries": p["queries"],
         "clusters": f"{p['topics']} topics × {p['leaves'] // p['topics']} sub-clusters "
                     f"({p['leaves']} leaves of ≈{p['rows'] // p['leaves']} rows); "
                     f"row = leaf + N(0, {SIGMA_ROW}²), leaf = topic + N(0, {SIGMA_LEAF}²); "
                     "queries drawn like rows",
         "rls": HIDDEN},
    )
    with server() as srv:
        url = srv.migrated_db()
        with connect(url) as conn:
            viewer = setup(conn, p)
            indexdef = conn.execute(
                "select indexdef from pg_indexes where indexname = 'mashups_embedding_hnsw_idx'"
            ).fetchone()[0]
            # incremental inserts into the indexed (empty-at-migration) table, as in production
            inc_rows = 2_000 if scale == "full" else 500
            inc = timed(lambda: conn.execute(
                f"""
                insert into public.mashups (creator_id, title, status, visibility, embedding)
                select u.user_id, 'warm ' || g, 'draft', 'private',
                  (select array_agg(x + random_normal(0, {SIGMA_ROW})) from unnest(l.c) as x)
                    ::vector({DIM})
                from generate_series(1, {inc_rows}) as g
                inner join bench_leaf as l on l.id = g % 10
                inner join bench_user as u on u.idx = 999
                """
            ))
            gen_only = timed(lambda: conn.execute(
                f"""
                select count((select array_agg(x + random_normal(0, {SIGMA_ROW}))
                  from unnest(l.c) as x)::vector({DIM}))
                from generate_series(1, {inc_rows}) as g
                inner join bench_leaf as l on l.id = g % 10
                """
            ))
            conn.execute("delete from public.mashups where title like 'warm %'")
            res.details["incremental_hnsw_insert_rows_per_s"] = round(
                inc_rows / max(inc - gen_only, 1e-6))
            conn.execute("drop index public.mashups_embedding_hnsw_idx")
        load_s = load_rows(url, p)
        res.details["load_seconds"] = round(load_s, 1)
        with connect(url) as conn:
            conn.execute("vacuum analyze public.mashups")
            conn.execute("set maintenance_work_mem = '3GB'")
            build = timed(lambda: conn.execute(indexdef))
            size = conn.execute(
                "select pg_relation_size('public.mashups_embedding_hnsw_idx')").fetchone()[0]
            table_size = conn.execute(
                "select pg_total_relation_size('public.mashups') - "
                "pg_relation_size('public.mashups_embedding_hnsw_idx')").fetchone()[0]
            visible = conn.execute(
                "select count(*) filter (where status = 'published' and visibility <> 'private'),"
                " count(*) from public.mashups").fetchone()
            queries = make_queries(conn, p)
        res.scale.update(visible_rows=visible[0], total_rows=visible[1],
                         table_mib=round(table_size / 2**20))
        params = re.search(r"WITH \((.*)\)", indexdef)
        params = params[1] if params else "pgvector defaults"
        res.scale["hnsw_index"] = f"as 0018 creates it: {params}"
        res.row(f"HNSW build (CREATE INDEX as in 0018: {params}; maintenance_work_mem 3GB, "
                "2 parallel workers)", round(build, 1), "s", runs=1)
        res.row("HNSW index size (vector, 4 bytes/dim)", round(size / 2**20), "MiB")

        match_sql = "select id from public.match_mashups(%(q)s::vector, 10)"
        # exact ground truth under the same RLS: the same function with index scans off, in
        # its own session (plans cached under enable_indexscan = off must not leak into the
        # measured session: PL/pgSQL keeps a statement's plan for the whole session)
        with connect(url, autocommit=False) as conn:
            begin_as(conn, "authenticated", viewer)
            conn.execute("set local enable_indexscan = off")
            conn.execute("set local enable_bitmapscan = off")
            t0 = time.perf_counter()
            truth = [[r[0] for r in conn.execute(match_sql, {"q": q}).fetchall()]
                     for q in queries]
            exact_ms = (time.perf_counter() - t0) / len(queries)
            res.plans["exact search (index scans off, RLS on): the ground truth"] = explain(
                conn, SEARCH.format(cast=""), {"q": queries[0]})
            conn.rollback()

        # prepare_threshold=None: psycopg would otherwise PREPARE the sweep's statement after 5
        # runs, and the generic plan of `<=> $1::vector` (a text parameter) is a seq scan: the
        # sweep would measure exact search. The functions are not affected (PL/pgSQL plans
        # with a typed vector parameter; their generic plan costs more, so stays custom).
        with connect(url, autocommit=False, prepare_threshold=None) as conn:
            begin_as(conn, "authenticated", viewer)

            def ids(sql: str, q: str, params: dict | None = None) -> list:
                return [r[0] for r in conn.execute(sql, {"q": q, **(params or {})}).fetchall()]

            found = [ids(match_sql, q) for q in queries]
            r_match = recall(found, truth)
            lat = []
            for i in range(p["lat_runs"]):
                q = queries[i % len(queries)]
                lat.append(timed(lambda q=q: conn.execute(match_sql, {"q": q}).fetchall()))
            ef = function_ef_search(conn)
            conn.execute(f"set local hnsw.ef_search = {ef}")
            conn.execute("set local hnsw.iterative_scan = relaxed_order")
            res.plans[f"match_mashups' query (HNSW, ef_search {ef}, iterative scan, RLS on)"] = (
                explain(conn, SEARCH.format(cast=""), {"q": queries[0]}))
            res.row(f"recall@10 of match_mashups (ef_search {ef}) vs exact, RLS on",
                    round(r_match, 4), "", target="≥ 0.95", passed=r_match >= 0.95,
                    runs=len(queries))
            res.row("match_mashups latency p50 (authenticated, RLS on)", ms(median(lat)), "ms",
                    baseline="exact scan (same RLS), mean",
                    baseline_value=round(exact_ms * 1000, 1),
                    ratio=median(lat) / exact_ms, runs=len(lat))
            res.row("match_mashups latency p95", ms(pct(lat, 95)), "ms", runs=len(lat))

            # ef_search sweep on the function's query
            sweep = []
            for ef in p["sweep"]:
                conn.execute(f"set local hnsw.ef_search = {ef}")
                got = [ids(SEARCH.format(cast=""), q) for q in queries]
                lt = [timed(lambda q=q: conn.execute(SEARCH.format(cast=""), {"q": q}).fetchall())
                      for q in queries * max(1, 100 // len(queries))]
                sweep.append({"ef_search": ef, "recall": round(recall(got, truth), 4),
                              "p50_ms": ms(median(lt)), "p95_ms": ms(pct(lt, 95))})
            res.details["ef_search_sweep_vector"] = sweep
            conn.rollback()

        # recommend_mashups: a user with 20 likes in one sub-cluster
        with connect(url) as conn:
            conn.execute(
                """
                insert into public.mashup_likes (user_id, mashup_id)
                select %(v)s, m.id from public.mashups as m
                where m.status = 'published' and m.visibility = 'public'
                  and m.creator_id <> %(v)s
                order by m.embedding <=> (select c::vector from bench_leaf where id = 3)
                limit %(n)s
                """,
                {"v": viewer, "n": p["likes"]},
            )
        rec_sql = "select id from public.recommend_mashups(10)"
        with connect(url, autocommit=False) as conn:
            begin_as(conn, "authenticated", viewer)
            conn.execute("set local enable_indexscan = off")
            conn.execute("set local enable_bitmapscan = off")
            rtruth = [r[0] for r in conn.execute(rec_sql).fetchall()]
            conn.rollback()
        with connect(url, autocommit=False) as conn:
            begin_as(conn, "authenticated", viewer)
            rfound = [r[0] for r in conn.execute(rec_sql).fetchall()]
            rl = [timed(lambda: conn.execute(rec_sql).fetchall()) for _ in range(p["lat_runs"])]
            conn.rollback()
        r_rec = recall([rfound], [rtruth])
        res.row("recall@10 of recommend_mashups vs exact (one user, 20 likes)", round(r_rec, 4),
                "", runs=1)
        res.row("recommend_mashups latency p50 (authenticated, RLS on)", ms(median(rl)), "ms",
                runs=len(rl))
        res.row("recommend_mashups latency p95", ms(pct(rl, 95)), "ms", runs=len(rl))

        # halfvec: the same HNSW over embedding::halfvec, re-ranked by the exact distance
        with connect(url) as conn:
            conn.execute("set maintenance_work_mem = '3GB'")
            hbuild = timed(lambda: conn.execute(
                f"create index bench_half_idx on public.mashups using hnsw "
                f"((embedding::halfvec({DIM})) halfvec_cosine_ops) with ({params})"))
            hsize = conn.execute("select pg_relation_size('bench_half_idx')").fetchone()[0]
            conn.execute("drop index public.mashups_embedding_hnsw_idx")
        with connect(url, autocommit=False, prepare_threshold=None) as conn:
            begin_as(conn, "authenticated", viewer)
            conn.execute("set local hnsw.iterative_scan = relaxed_order")
            half_sql = f"""
            select c.id from (
              select m.id, m.embedding <=> %(q)s::vector as distance
              from public.mashups as m
              where m.embedding is not null
              order by m.embedding::halfvec({DIM}) <=> %(q)s::vector::halfvec({DIM})
              limit 10
            ) as c order by c.distance + 0
            """
            hsweep = []
            for ef in p["sweep"]:
                conn.execute(f"set local hnsw.ef_search = {ef}")
                got = [[r[0] for r in conn.execute(half_sql, {"q": q}).fetchall()]
                       for q in queries]
                lt = [timed(lambda q=q: conn.execute(half_sql, {"q": q}).fetchall())
                      for q in queries * max(1, 100 // len(queries))]
                hsweep.append({"ef_search": ef, "recall": round(recall(got, truth), 4),
                               "p50_ms": ms(median(lt)), "p95_ms": ms(pct(lt, 95))})
            conn.execute("set local hnsw.ef_search = 200")
            res.plans["halfvec HNSW expression index, re-ranked by full-precision distance"] = (
                explain(conn, half_sql, {"q": queries[0]}))
            conn.rollback()
        res.details["ef_search_sweep_halfvec"] = hsweep
        h200 = next((s for s in hsweep if s["ef_search"] == 200), hsweep[-1])
        res.row("halfvec HNSW build", round(hbuild, 1), "s", runs=1)
        res.row("halfvec HNSW index size", round(hsize / 2**20), "MiB",
                baseline="vector HNSW index", baseline_value=round(size / 2**20),
                ratio=hsize / size)
        res.row("halfvec recall@10 at ef_search 200 (re-ranked exactly), RLS on",
                h200["recall"], "", runs=len(queries))

        # IVFFlat as first planned: created on the empty table, then the rows arrive
        with connect(url) as conn:
            conn.execute("drop index bench_half_idx")
            conn.execute(f"create table bench_ivf (id uuid primary key, embedding vector({DIM}))")
            conn.execute(
                f"create index bench_ivf_idx on bench_ivf using ivfflat "
                f"(embedding vector_cosine_ops) with (lists = {p['ivf_lists']})"
            )
            conn.execute(
                "insert into bench_ivf select id, embedding from public.mashups "
                "where status = 'published' and visibility <> 'private'"
            )
            ivf_sql = """
            select id from bench_ivf order by embedding <=> %(q)s::vector limit 10
            """
            ivf = {}
            for probes in (1, 10):
                conn.execute(f"set ivfflat.probes = {probes}")
                got = [[r[0] for r in conn.execute(ivf_sql, {"q": q}).fetchall()]
                       for q in queries]
                ivf[f"empty_probes_{probes}"] = round(recall(got, truth), 4)
            conn.execute("drop index bench_ivf_idx")
            conn.execute("set maintenance_work_mem = '3GB'")
            ibuild = timed(lambda: conn.execute(
                f"create index bench_ivf_idx on bench_ivf using ivfflat "
                f"(embedding vector_cosine_ops) with (lists = {p['ivf_lists']})"))
            for probes in (1, 10):
                conn.execute(f"set ivfflat.probes = {probes}")
                got = [[r[0] for r in conn.execute(ivf_sql, {"q": q}).fetchall()]
                       for q in queries]
                ivf[f"loaded_probes_{probes}"] = round(recall(got, truth), 4)
            ivf["loaded_build_s"] = round(ibuild, 1)
        res.details["ivfflat"] = ivf
        res.row(f"IVFFlat (lists {p['ivf_lists']}) created on the EMPTY table, rows added "
                "after: recall@10, probes 1 / 10", f"{ivf['empty_probes_1']} / "
                f"{ivf['empty_probes_10']}", "", runs=len(queries))
        res.row(f"IVFFlat (lists {p['ivf_lists']}) built after loading: recall@10, "
                "probes 1 / 10", f"{ivf['loaded_probes_1']} / {ivf['loaded_probes_10']}", "",
                runs=len(queries))
        res.memory = srv.memory()
    return res


def function_ef_search(conn) -> int:
    """The hnsw.ef_search that match_mashups pins in its definition (sql/functions)."""
    row = conn.execute(
        "select c from pg_proc p, unnest(p.proconfig) as c "
        "where p.oid = 'public.match_mashups(vector, integer, jsonb)'::regprocedure "
        "and c like 'hnsw.ef_search=%%'"
    ).fetchone()
    return int(row[0].split("=", 1)[1])
