"""0027 + functions/recommendations.sql: the search index covers only published public
mashups (halfvec), the functions merge it with the caller's own other mashups and re-rank
by the exact distance. Proves the shape still hides what RLS hides, returns the exact
neighbours on a small data set, uses the partial index, and that the rollback restores
0018's index (own database for the rollback)."""

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

PUBLIC_INDEX = "mashups_embedding_public_hnsw_idx"
OLD_INDEX = "mashups_embedding_hnsw_idx"


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
    assert "USING hnsw (((embedding)::halfvec(1536)) halfvec_cosine_ops)" in indexdef
    assert "WHERE ((status = 'published'::text) AND (visibility = 'public'::text))" in indexdef
    assert db.val("select count(*) from pg_indexes where indexname = %s", (OLD_INDEX,)) == 0


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
        # a tiny table is cheaper to scan; forbidding that leaves the index, if it matches
        conn.execute("set local enable_seqscan = off")
        before = db.val("select pg_stat_get_xact_numscans(%s)", (oid,))
        assert len(match(db, vec((0, 1.0)), 5)) == 5
        assert db.val("select pg_stat_get_xact_numscans(%s)", (oid,)) == before + 1
        conn.rollback()


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
        assert db.val("select count(*) from pg_indexes where indexname = %s",
                      (PUBLIC_INDEX,)) == 0
        alice = db.user()
        near = db.mashup(alice, embedding=vec((0, 1.0)))
        hidden = db.mashup(alice, visibility="private", embedding=vec((0, 1.0)))
        db.as_anon()
        assert match(db, vec((0, 1.0))) == [near]  # the functions still work, RLS still hides
        db.as_user(alice)
        assert set(match(db, vec((0, 1.0)))) == {near, hidden}
        conn.rollback()
    engine.migrate(target, project)
    with psycopg.connect(migrated_db, autocommit=True) as conn:
        assert Db(conn).val("select count(*) from pg_indexes where indexname = any(%s)",
                            ([PUBLIC_INDEX, OLD_INDEX],)) == 1
