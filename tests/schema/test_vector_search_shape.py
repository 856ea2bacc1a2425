"""0027 + 0029 + functions/recommendations.sql: the search index covers only published public
mashups (halfvec; IVFFlat since 0029), the functions merge it with the caller's own other
mashups and re-rank by the exact distance. Proves the shape still hides what RLS hides,
returns the exact neighbours on a small data set, uses the partial index, that a filter
still finds its rows beyond the probed lists, and that the rollbacks restore 0027's and
0018's indexes (own database for each rollback)."""

from __future__ import annotations

import math
import random
import uuid

import psycopg
import pytest
from helpers import REPO

from toolkit import engine
from toolkit.db import Target
from toolkit.project import Project

from .kit import DIMS, Db, vec

PUBLIC_INDEX = "mashups_embedding_public_ivf_idx"
HNSW_INDEX = "mashups_embedding_public_hnsw_idx"  # 0027's, replaced by 0029
OLD_INDEX = "mashups_embedding_hnsw_idx"  # 0018's, replaced by 0027


def cosine_distance(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return 1 - dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))


def near(rng: random.Random, centre: int) -> list[float]:
    """A vector near axis `centre` (0..31): noise on the first 32 axes, zero elsewhere, so
    that every pair of rows is at a distinct distance."""
    v = [0.0] * DIMS
    for d in range(32):
        v[d] = rng.gauss(0, 0.3)
    v[centre] += 1.0
    return v


def literal(v: list[float]) -> str:
    return "[" + ",".join(repr(x) for x in v) + "]"


def match(db: Db, query: str, k: int = 10) -> list[uuid.UUID]:
    return [r[0] for r in db.all("select id from public.match_mashups(%s::vector, %s)",
                                 (query, k))]


def test_the_index_covers_published_public_halfvec_only(db: Db) -> None:
    indexdef = db.val("select indexdef from pg_indexes where indexname = %s", (PUBLIC_INDEX,))
    assert ("USING ivfflat (((embedding)::halfvec(1536)) halfvec_cosine_ops) "
            "WITH (lists='200')") in indexdef
    assert "WHERE ((status = 'published'::text) AND (visibility = 'public'::text))" in indexdef
    assert db.val("select count(*) from pg_indexes where indexname = any(%s)",
                  ([OLD_INDEX, HNSW_INDEX],)) == 0


@pytest.fixture
def world(db: Db) -> dict[str, uuid.UUID]:
    """Mashups around axis 0: public ones farther out, hidden ones (of alice and bob) near."""
    alice, bob, carol = db.user(), db.user(), db.user()
    m = db.mashup
    return {
        "alice": alice, "bob": bob, "carol": carol,
        "alice_private": m(alice, visibility="private", embedding=vec((0, 1.0), (1, 0.01))),
        "alice_draft": m(alice, status="draft", embedding=vec((0, 1.0), (1, 0.02))),
        "alice_unlisted": m(alice, visibility="unlisted", embedding=vec((0, 1.0), (1, 0.03))),
        "bob_private": m(bob, visibility="private", embedding=vec((0, 1.0), (1, 0.04))),
        "bob_draft": m(bob, status="draft", embedding=vec((0, 1.0), (1, 0.05))),
        "bob_unlisted": m(bob, visibility="unlisted", embedding=vec((0, 1.0), (1, 0.06))),
        "pub1": m(carol, embedding=vec((0, 1.0), (1, 0.10))),
        "pub2": m(alice, embedding=vec((0, 1.0), (1, 0.20))),
        "pub3": m(bob, embedding=vec((0, 1.0), (1, 0.30))),
    }


def test_hidden_rows_stay_hidden_and_own_rows_merge_in_order(
        db: Db, world: dict[str, uuid.UUID]) -> None:
    w, q = world, vec((0, 1.0))
    public = [w["pub1"], w["pub2"], w["pub3"]]
    db.as_anon()
    assert match(db, q) == public
    db.as_user(w["carol"])  # a stranger: only the published public ones
    assert match(db, q) == public
    db.as_user(w["alice"])  # her own private, draft and unlisted ones first, by distance
    assert match(db, q) == [w["alice_private"], w["alice_draft"], w["alice_unlisted"], *public]
    assert match(db, q, 2) == [w["alice_private"], w["alice_draft"]]
    db.as_user(w["bob"])
    assert match(db, q) == [w["bob_private"], w["bob_draft"], w["bob_unlisted"], *public]
    # bob's own rows found through similar_mashups too, alice's never
    got = [r[0] for r in db.all("select id from public.similar_mashups(%s, 10)", (w["pub1"],))]
    assert got == [w["bob_unlisted"], w["bob_draft"], w["bob_private"], w["pub2"], w["pub3"]]
    db.as_service()  # bypasses RLS: every mashup is visible to it
    assert match(db, q, 9) == [w[k] for k in (
        "alice_private", "alice_draft", "alice_unlisted", "bob_private", "bob_draft",
        "bob_unlisted", "pub1", "pub2", "pub3")]


def test_exact_neighbours_on_a_small_set(db: Db) -> None:
    rng = random.Random(27)
    owner, other = db.user(), db.user()
    rows = []  # (id, vector, visible to anon)
    for i in range(60):
        v = near(rng, 5 * (i % 6))
        status, visibility = rng.choice(
            [("published", "public")] * 3 + [("draft", "public"), ("published", "private")])
        creator = owner if i % 3 == 0 else other
        mid = db.mashup(creator, status=status, visibility=visibility, embedding=literal(v))
        rows.append((mid, v, creator, status == "published" and visibility == "public"))
    for centre in (0, 10, 25):
        qv = near(rng, centre)
        for who in ("anon", "owner"):
            if who == "anon":
                db.as_anon()
                seen = [r for r in rows if r[3]]
            else:
                db.as_user(owner)
                seen = [r for r in rows if r[3] or r[2] == owner]
            exact = [r[0] for r in sorted(seen, key=lambda r: cosine_distance(r[1], qv))]
            assert match(db, literal(qv)) == exact[:10], (centre, who)


def test_the_search_uses_the_partial_index(migrated_db: str) -> None:
    with psycopg.connect(migrated_db, autocommit=False) as conn:
        db = Db(conn)
        alice = db.user()
        for i in range(20):
            db.mashup(alice, embedding=vec((0, 1.0), (1, 0.01 * i)))
        oid = db.val("select %s::regclass::oid", (f"public.{PUBLIC_INDEX}",))
        db.as_anon()
        # even on a table this small (the planner alone would read it whole and sort)
        before = db.val("select pg_stat_get_xact_numscans(%s)", (oid,))
        assert len(match(db, vec((0, 1.0)), 5)) == 5
        assert db.val("select pg_stat_get_xact_numscans(%s)", (oid,)) == before + 1
        conn.rollback()


def test_a_small_table_is_searched_exactly_through_its_learnt_lists(migrated_db: str) -> None:
    """600 rows of one cluster in 200 lists learnt from them: probing a fixed 20 lists would
    compare about 60 rows; search_probes() probes every list while the table is this
    small. And the search goes through the index although the planner alone would read
    this table whole and sort it (the function turns sorting off for that query)."""
    rng = random.Random(600)
    with psycopg.connect(migrated_db, autocommit=False) as conn:
        db = Db(conn)
        alice = db.user()
        rows = []
        for _ in range(600):
            v = near(rng, 0)
            rows.append((db.mashup(alice, embedding=literal(v)), v))
        conn.execute(f"reindex index public.{PUBLIC_INDEX}")
        conn.execute("analyze public.mashups")
        assert db.val("select public.search_probes()") == 200
        oid = db.val("select %s::regclass::oid", (f"public.{PUBLIC_INDEX}",))
        db.as_anon()
        for attempt in range(3):
            qv = near(rng, 0)
            exact = [r[0] for r in sorted(rows, key=lambda r: cosine_distance(r[1], qv))]
            before = db.val("select pg_stat_get_xact_numscans(%s)", (oid,))
            assert match(db, literal(qv)) == exact[:10], attempt
            assert db.val("select pg_stat_get_xact_numscans(%s)", (oid,)) == before + 1
        conn.rollback()


@pytest.mark.parametrize(("rows", "probes"), [(75_000, 20), (1_000_000, 20), (20_000, 75),
                                              (5_000, 200), (0, 200), (-1, 200)])
def test_probes_follow_the_index_row_estimate(db: Db, rows: int, probes: int) -> None:
    """About 7,500 rows compared per search, never fewer than 20 of the 200 lists, all of
    them while the estimate is unknown (-1: never analysed; 0: built empty)."""
    db.all("update pg_catalog.pg_class set reltuples = %s where oid = %s::regclass",
           (rows, f"public.{PUBLIC_INDEX}"))
    db.as_anon()
    assert db.val("select public.search_probes()") == probes


def test_a_filter_finds_its_rows_beyond_the_probed_lists(migrated_db: str) -> None:
    """Genre 'b' lives far from the query, in lists the 20 probes never reach: the
    function's iterative scan goes on to further lists (the bare scan does not)."""
    rng = random.Random(29)
    with psycopg.connect(migrated_db, autocommit=False) as conn:
        db = Db(conn)
        alice = db.user()
        for _ in range(600):  # genre a: around the query, in nearly every list
            db.mashup(alice, genre="a", embedding=literal(near(rng, 0)))
        far = {db.mashup(alice, genre="b", embedding=literal(near(rng, 31))) for _ in range(5)}
        # the lists learnt from these rows, as after a rebuild (reindex inside this transaction)
        conn.execute(f"reindex index public.{PUBLIC_INDEX}")
        query = literal(near(rng, 0))
        db.as_anon()
        got = db.all("select id from public.match_mashups(%s::vector, 5, %s::jsonb)",
                     (query, '{"genre": "b"}'))
        assert {r[0] for r in got} == far
        conn.execute("set local ivfflat.probes = 20")
        conn.execute("set local ivfflat.iterative_scan = off")
        conn.execute("set local enable_seqscan = off")
        bare = db.all(
            "select id from public.mashups where status = 'published' and visibility = "
            "'public' and genre = 'b' order by embedding::halfvec(1536) <=> "
            "%s::vector::halfvec(1536) limit 5", (query,))
        assert len(bare) < 5
        conn.rollback()


def migrate_again_to_0029s_index_alone(target: Target, project: Project, url: str) -> None:
    """After a rollback, `migrate` converges: 0029's index, neither one it replaced."""
    engine.migrate(target, project)
    with psycopg.connect(url, autocommit=True) as conn:
        assert Db(conn).val("select array_agg(indexname::text order by indexname) from "
                            "pg_indexes where indexname = any(%s)",
                            ([PUBLIC_INDEX, HNSW_INDEX, OLD_INDEX],)) == [PUBLIC_INDEX]


def test_rollback_of_0029_restores_0027_index(migrated_db: str) -> None:
    target, project = Target(migrated_db, "test"), Project(REPO)
    engine.rollback(target, project, to="0028_mashup_creator_fixed",
                    confirm=lambda losses: True)
    with psycopg.connect(migrated_db, autocommit=False) as conn:
        db = Db(conn)
        assert db.val("select indexdef from pg_indexes where indexname = %s",
                      (HNSW_INDEX,)) == (
            "CREATE INDEX mashups_embedding_public_hnsw_idx ON public.mashups USING hnsw "
            "(((embedding)::halfvec(1536)) halfvec_cosine_ops) WITH (m='16', "
            "ef_construction='200') WHERE ((status = 'published'::text) AND "
            "(visibility = 'public'::text))")
        assert db.val("select count(*) from pg_indexes where indexname = %s",
                      (PUBLIC_INDEX,)) == 0
        assert db.val("select public.search_probes()") == 20  # no IVFFlat index to size
        alice = db.user()
        public = db.mashup(alice, embedding=vec((0, 1.0)))
        hidden = db.mashup(alice, visibility="private", embedding=vec((0, 1.0), (1, 0.1)))
        oid = db.val("select %s::regclass::oid", (f"public.{HNSW_INDEX}",))
        db.as_anon()
        conn.execute("set local enable_seqscan = off")
        before = db.val("select pg_stat_get_xact_numscans(%s)", (oid,))
        assert match(db, vec((0, 1.0))) == [public]  # through 0027's index, RLS still hides
        assert db.val("select pg_stat_get_xact_numscans(%s)", (oid,)) == before + 1
        db.as_user(alice)
        assert match(db, vec((0, 1.0))) == [public, hidden]
        conn.rollback()
    migrate_again_to_0029s_index_alone(target, project, migrated_db)


def test_rollback_restores_0018_index(migrated_db: str) -> None:
    target, project = Target(migrated_db, "test"), Project(REPO)
    ids = sorted(p.stem for p in project.migrations_dir.glob("[0-9]*.sql")
                 if not p.stem.endswith(".rollback"))
    before = ids[ids.index("0027_public_halfvec_index") - 1]
    engine.rollback(target, project, to=before, confirm=lambda losses: True)
    with psycopg.connect(migrated_db, autocommit=False) as conn:
        db = Db(conn)
        indexdef = db.val("select indexdef from pg_indexes where indexname = %s", (OLD_INDEX,))
        assert indexdef == (
            "CREATE INDEX mashups_embedding_hnsw_idx ON public.mashups USING hnsw "
            "(embedding vector_cosine_ops) WITH (m='16', ef_construction='200')")
        assert db.val("select count(*) from pg_indexes where indexname = any(%s)",
                      ([PUBLIC_INDEX, HNSW_INDEX],)) == 0
        alice = db.user()
        near = db.mashup(alice, embedding=vec((0, 1.0)))
        hidden = db.mashup(alice, visibility="private", embedding=vec((0, 1.0)))
        db.as_anon()
        assert match(db, vec((0, 1.0))) == [near]  # the functions still work, RLS still hides
        db.as_user(alice)
        assert set(match(db, vec((0, 1.0)))) == {near, hidden}
        conn.rollback()
    migrate_again_to_0029s_index_alone(target, project, migrated_db)
