"""Unlisted means "anyone with the link", not "listed" (0024 + policies), and published_at
is the server's: both as attacks by PostgREST-style clients, and the legitimate use beside."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

import pytest

from .kit import Db, vec

TRACK = json.dumps([{"start": 0, "end": 1, "text": "secret lyric"}])
NEAR = vec((0, 1.0), (1, 0.05))


@dataclass
class World:
    creator: uuid.UUID
    fan: uuid.UUID  # has the link of the unlisted mashup: likes and comments on it
    stranger: uuid.UUID  # signed in, has no link
    public: uuid.UUID
    unlisted: uuid.UUID
    private: uuid.UUID


@pytest.fixture
def world(db: Db) -> World:
    creator, fan, stranger = db.user(), db.user(), db.user()
    w = World(
        creator, fan, stranger,
        public=db.mashup(creator, title="open", embedding=NEAR),
        unlisted=db.mashup(creator, visibility="unlisted", title="by link only",
                           audio_url="https://cdn.example/unreleased.mp3", embedding=NEAR),
        private=db.mashup(creator, visibility="private", title="mine", embedding=NEAR),
    )
    db.as_user(creator)
    db.val("select public.save_captions(%s, %s)", (w.unlisted, TRACK))
    db.as_user(fan)  # knowing the id is having the link: liking and commenting work
    db.all("insert into public.mashup_likes (user_id, mashup_id) values (%s, %s)",
           (fan, w.unlisted))
    db.all("insert into public.mashup_comments (user_id, mashup_id, body) values (%s, %s, 'wow')",
           (fan, w.unlisted))
    db.as_admin()
    return w


ENUMERATIONS = {
    "plain filter": "select id from public.mashups where visibility = 'unlisted'",
    "every row": "select id from public.mashups",
    "title and audio": "select id from public.mashups where title like 'by link%%' "
                       "or audio_url is not null",
    "vector search": "select id from public.match_mashups(%(near)s::vector, 50)",
    "similar to a public one": "select id from public.similar_mashups(%(public)s, 50)",
    "likes": "select mashup_id from public.mashup_likes",
    "comments": "select mashup_id from public.mashup_comments",
    "captions": "select mashup_id from public.captions",
}


@pytest.mark.parametrize("who", ["anon", "stranger"])
@pytest.mark.parametrize("route", sorted(ENUMERATIONS))
def test_no_route_enumerates_unlisted_mashups(db: Db, world: World, who: str, route: str) -> None:
    if who == "anon":
        db.as_anon()
    else:
        db.as_user(world.stranger)
    found = {r[0] for r in db.all(ENUMERATIONS[route], {"near": NEAR, "public": world.public})}
    assert world.unlisted not in found
    assert world.private not in found
    if route in ("every row", "vector search"):
        assert world.public in found  # the public one is listed: the query itself works


@pytest.mark.parametrize("who", ["anon", "stranger", "fan"])
def test_the_link_opens_an_unlisted_mashup(db: Db, world: World, who: str) -> None:
    {"anon": db.as_anon, "stranger": lambda: db.as_user(world.stranger),
     "fan": lambda: db.as_user(world.fan)}[who]()
    assert db.all("select title, audio_url from public.get_mashup(%s)", (world.unlisted,)) == [
        ("by link only", "https://cdn.example/unreleased.mp3")]
    assert db.all("select text from public.get_mashup_captions(%s)", (world.unlisted,)) == [
        ("secret lyric",)]
    assert db.all("select body from public.get_mashup_comments(%s)", (world.unlisted,)) == [
        ("wow",)]
    assert db.val("select count(*) from public.similar_mashups(%s, 5)", (world.unlisted,)) >= 1
    # a private mashup looks exactly like a missing one
    for m in (world.private, uuid.uuid4()):
        assert db.all("select id from public.get_mashup(%s)", (m,)) == []
        assert db.all("select id from public.get_mashup_comments(%s)", (m,)) == []


def test_the_creator_still_lists_everything_own(db: Db, world: World) -> None:
    db.as_user(world.creator)
    assert {r[0] for r in db.all("select id from public.mashups")} == {
        world.public, world.unlisted, world.private}
    assert world.unlisted in {r[0] for r in db.all(
        "select id from public.match_mashups(%s::vector, 50)", (NEAR,))}
    assert db.val("select count(*) from public.mashup_likes where mashup_id = %s",
                  (world.unlisted,)) == 1
    assert db.val("select count(*) from public.mashup_comments where mashup_id = %s",
                  (world.unlisted,)) == 1
    assert db.val("select count(*) from public.captions where mashup_id = %s",
                  (world.unlisted,)) == 1
    assert db.val("select count(*) from public.get_mashup(%s)", (world.private,)) == 1


def test_the_fan_lists_own_likes_and_comments(db: Db, world: World) -> None:
    db.as_user(world.fan)
    assert db.all("select mashup_id from public.mashup_likes") == [(world.unlisted,)]
    assert db.all("select mashup_id, body from public.mashup_comments") == [
        (world.unlisted, "wow")]
    assert db.all("select id from public.mashups where id = %s", (world.unlisted,)) == []


def test_no_one_without_the_link_can_write_on_a_private_mashup(db: Db, world: World) -> None:
    db.as_user(world.stranger)
    with db.refused("42501"):
        db.all("insert into public.mashup_likes (user_id, mashup_id) values (%s, %s)",
               (world.stranger, world.private))


# --- published_at is stamped and frozen by the server ----------------------------------------
FUTURE = "2100-01-01 00:00:00+00"


def test_a_client_cannot_date_a_mashup_into_the_future(db: Db) -> None:
    owner = db.user()
    db.as_user(owner)
    with db.refused("42501"):
        db.all("insert into public.mashups (creator_id, title, status, published_at) "
               "values (%s, 'pin me', 'published', %s)", (owner, FUTURE))
    m = db.val("insert into public.mashups (creator_id, title, status) "
               "values (%s, 'honest', 'published') returning id", (owner,))
    with db.refused("42501"):
        db.all("update public.mashups set published_at = %s where id = %s", (FUTURE, m))
    assert db.val("select published_at = now() from public.mashups where id = %s", (m,))
    # the newest-first feed therefore starts with what was published last, not a pinned row
    older = db.mashup(db.user(), published_at="2020-01-01")
    db.as_anon()
    newest = db.all("select id from public.mashups where id in (%s, %s) "
                    "order by published_at desc", (m, older))
    assert newest == [(m,), (older,)]


def test_published_at_is_stamped_on_first_publish_and_never_moves(db: Db) -> None:
    owner = db.user()
    db.as_user(owner)
    m = db.val("insert into public.mashups (creator_id, title) values (%s, 'wip') returning id",
               (owner,))
    assert db.val("select published_at from public.mashups where id = %s", (m,)) is None
    db.all("update public.mashups set status = 'published' where id = %s", (m,))
    assert db.val("select published_at = now() from public.mashups where id = %s", (m,))
    # an earlier first publish (as if it were last year): unpublishing and republishing,
    # or any other edit, keeps that date
    db.as_service().all("update public.mashups set published_at = '2025-03-01' where id = %s",
                        (m,))
    db.as_user(owner)
    for change in ("status = 'draft'", "status = 'published'", "title = 'final'"):
        db.all(f"update public.mashups set {change} where id = %s", (m,))
    assert db.val("select published_at::date::text from public.mashups where id = %s",
                  (m,)) == "2025-03-01"


def test_service_role_may_import_a_dated_mashup(db: Db) -> None:
    owner = db.user()
    db.as_service()
    m = db.val("insert into public.mashups (creator_id, title, status, published_at) "
               "values (%s, 'catalogue', 'published', '2019-05-05') returning id", (owner,))
    assert db.val("select published_at::date::text from public.mashups where id = %s",
                  (m,)) == "2019-05-05"
