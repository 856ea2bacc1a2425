"""Vector search (0018) + functions/recommendations.sql: match_mashups, similar_mashups,
recommend_mashups under RLS."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

import pytest

from .kit import Db, vec


def match(db: Db, query: str, k=10, filters=None) -> list[uuid.UUID]:
    return [r[0] for r in db.all("select id from public.match_mashups(%s::vector, %s, %s)",
                                 (query, k, json.dumps(filters or {})))]


def similar(db: Db, mashup, k=10) -> list[uuid.UUID]:
    return [r[0] for r in db.all("select id from public.similar_mashups(%s, %s)", (mashup, k))]


def recommend(db: Db, k=10) -> list[uuid.UUID]:
    return [r[0] for r in db.all("select id from public.recommend_mashups(%s)", (k,))]


@dataclass
class Library:
    alice: uuid.UUID  # owns `near1`, `near2`, `far`, `private`, `draft`
    bob: uuid.UUID    # the listener
    near1: uuid.UUID
    near2: uuid.UUID
    near3: uuid.UUID
    far: uuid.UUID
    private: uuid.UUID
    draft: uuid.UUID
    bobs_own: uuid.UUID
    no_embedding: uuid.UUID


@pytest.fixture
def lib(db: Db) -> Library:
    alice, bob = db.user(), db.user()
    m = db.mashup
    return Library(
        alice, bob,
        near1=m(alice, embedding=vec((0, 1.0), (1, 0.05)), genre="house", tags=["a"],
                published_at="2024-01-01"),
        near2=m(alice, embedding=vec((0, 1.0), (1, 0.10)), genre="techno", tags=["b"],
                published_at="2025-01-01"),
        near3=m(db.user(), embedding=vec((0, 1.0), (1, 0.20)), genre="house", tags=["a", "b"],
                published_at="2025-06-01"),
        far=m(alice, embedding=vec((5, 1.0))),
        private=m(alice, visibility="private", embedding=vec((0, 1.0))),
        draft=m(alice, status="draft", embedding=vec((0, 1.0), (1, 0.01))),
        bobs_own=m(bob, embedding=vec((0, 1.0), (1, 0.02))),
        no_embedding=m(alice),
    )


def test_match_hides_invisible_mashups(db: Db, lib: Library) -> None:
    q = vec((0, 1.0))
    db.as_anon()
    assert match(db, q) == [lib.bobs_own, lib.near1, lib.near2, lib.near3, lib.far]
    db.as_user(lib.alice)  # the creator also finds own private and draft mashups
    assert match(db, q, 3) == [lib.private, lib.draft, lib.bobs_own]
    rows = db.all("select id, similarity from public.match_mashups(%s::vector, 1)", (q,))
    assert rows[0][0] == lib.private and rows[0][1] == pytest.approx(1.0)


def test_match_respects_k_and_filters(db: Db, lib: Library) -> None:
    q = vec((0, 1.0))
    db.as_user(lib.bob)
    assert match(db, q, 2) == [lib.bobs_own, lib.near1]
    assert match(db, q, 1) == [lib.bobs_own]
    assert match(db, q, filters={"genre": "house"}) == [lib.near1, lib.near3]
    assert match(db, q, filters={"tags": ["b"]}) == [lib.near2, lib.near3]
    assert match(db, q, filters={"creator_id": str(lib.alice)}) == [lib.near1, lib.near2, lib.far]
    # bobs_own and far were published without a date: the server stamped them now()
    assert match(db, q, filters={"published_after": "2024-06-01"}) == [
        lib.bobs_own, lib.near2, lib.near3, lib.far]


@pytest.mark.parametrize(
    "query, k, filters",
    [
        (vec((0, 1.0)), 0, {}), (vec((0, 1.0)), 101, {}), (vec((0, 1.0)), None, {}),
        ("[1,2,3]", 10, {}),
        (vec((0, 1.0)), 10, {"colour": "red"}),
        (vec((0, 1.0)), 10, {"creator_id": "not-a-uuid"}),
        (vec((0, 1.0)), 10, {"published_after": "someday"}),
        (vec((0, 1.0)), 10, {"tags": "a"}),
    ],
)
def test_match_refuses_bad_input(db: Db, query, k, filters) -> None:
    db.as_anon()
    with db.refused("22023"):
        db.all("select * from public.match_mashups(%s::vector, %s, %s)",
               (query, k, json.dumps(filters)))
    with db.refused("22023"):
        db.all("select * from public.match_mashups(%s::vector, 5, '[]')", (vec((0, 1.0)),))


def test_similar(db: Db, lib: Library) -> None:
    db.as_anon()
    assert similar(db, lib.near1, 3) == [lib.bobs_own, lib.near2, lib.near3]  # itself excluded
    assert similar(db, lib.no_embedding) == []
    for hidden in (lib.private, lib.draft, uuid.uuid4()):
        with db.refused("P0002"):
            similar(db, hidden)
    with db.refused("22023"):
        similar(db, lib.near1, 0)
    db.as_user(lib.alice)
    assert similar(db, lib.private, 2) == [lib.draft, lib.bobs_own]


def test_recommend_excludes_own_liked_dismissed_and_invisible(db: Db, lib: Library) -> None:
    db.as_user(lib.bob)
    db.all("insert into public.mashup_likes (user_id, mashup_id) values (%s, %s)",
           (lib.bob, lib.near1))
    db.all("insert into public.recommendation_events (user_id, mashup_id, event_type) "
           "values (%s, %s, 'dismissed')", (lib.bob, lib.near2))
    # seed = near1; by distance: private, draft (invisible), bobs_own (own), near1 (liked),
    # near2 (dismissed), near3, far
    assert recommend(db, 10) == [lib.near3, lib.far]
    assert recommend(db, 1) == [lib.near3]


def test_recommend_fallback_without_history(db: Db, lib: Library) -> None:
    db.as_admin().all("update public.mashups set like_count = 10 where id = %s", (lib.far,))
    db.all("update public.mashups set like_count = 7 where id = %s", (lib.bobs_own,))
    db.all("update public.mashups set like_count = 5 where id = %s", (lib.near2,))
    db.as_user(lib.bob)
    db.all("insert into public.recommendation_events (user_id, mashup_id, event_type) "
           "values (%s, %s, 'dismissed')", (lib.bob, lib.near2))
    rows = db.all("select id, similarity from public.recommend_mashups(3)")
    assert rows[0] == (lib.far, None)
    got = [r[0] for r in rows]
    assert len(got) == 3 and lib.bobs_own not in got and lib.near2 not in got
    assert not {lib.private, lib.draft} & set(got)


def test_recommend_refusals(db: Db) -> None:
    db.as_anon()
    with db.refused("42501"):
        recommend(db)
    db.as_service()
    with db.refused("42501"):
        recommend(db)
    db.as_user(db.user())
    for k in (0, 101, None):
        with db.refused("22023"):
            recommend(db, k)


def test_recommend_never_surfaces_unlisted_mashups(db: Db, lib: Library) -> None:
    carol = db.user()
    unlisted = db.mashup(carol, visibility="unlisted", embedding=vec((0, 1.0), (1, 0.06)))
    db.as_user(lib.bob)
    db.all("insert into public.mashup_likes (user_id, mashup_id) values (%s, %s)",
           (lib.bob, lib.near1))
    # the unlisted mashup opens by its link, but neither search nor recommendations list it
    assert db.val("select count(*) from public.get_mashup(%s)", (unlisted,)) == 1
    assert unlisted not in match(db, vec((0, 1.0), (1, 0.06)), 20)
    assert unlisted not in recommend(db, 20)
    assert recommend(db, 20) == [lib.near2, lib.near3, lib.far]
