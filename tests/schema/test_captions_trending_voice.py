"""functions/captions.sql (save_captions), functions/trending.sql (upsert_trending_sounds)
and 0020's voice_rooms provider columns."""

from __future__ import annotations

import json
import uuid
from decimal import Decimal

import pytest

from .kit import Db


# --- save_captions ---------------------------------------------------------------------------
def save(db: Db, mashup, segments) -> int:
    payload = segments if isinstance(segments, str) or segments is None else json.dumps(segments)
    return db.val("select public.save_captions(%s, %s)", (mashup, payload))


def track(db: Db, mashup) -> list[tuple]:
    return db.as_admin().all(
        "select segment_index, start_seconds, end_seconds, text, language from public.captions "
        "where mashup_id = %s order by segment_index", (mashup,))


SEGS = [
    {"start": 0, "end": 1.5, "text": "hello"},
    {"start": 1.5, "end": 3.25, "text": "bonjour", "language": "fr"},
    {"start": 3.25, "end": 4.1234, "text": "again", "id": 7, "tokens": [1, 2]},  # Whisper extras
]


def test_creator_replaces_the_track_atomically(db: Db) -> None:
    creator = db.user()
    m = db.mashup(creator, visibility="private")
    db.as_user(creator)
    assert save(db, m, SEGS) == 3
    assert track(db, m) == [
        (0, Decimal("0.000"), Decimal("1.500"), "hello", "en"),
        (1, Decimal("1.500"), Decimal("3.250"), "bonjour", "fr"),
        (2, Decimal("3.250"), Decimal("4.123"), "again", "en"),
    ]
    db.as_user(creator)
    assert save(db, m, [{"start": 10, "end": 11, "text": "only"}]) == 1
    assert track(db, m) == [(0, Decimal("10.000"), Decimal("11.000"), "only", "en")]
    db.as_user(creator)
    assert save(db, m, []) == 0
    assert track(db, m) == []


@pytest.mark.parametrize(
    "segments",
    [
        None, "{}", '"x"', [1], [{"start": 0, "end": 1}],
        [{"start": 0, "end": 1, "text": ""}],
        [{"start": 0, "end": 1, "text": "x" * 2001}],
        [{"start": -1, "end": 1, "text": "x"}],
        [{"start": 2, "end": 2, "text": "x"}],
        [{"start": 3, "end": 2, "text": "x"}],
        [{"start": "0", "end": 1, "text": "x"}],
        [{"start": "abc", "end": 1, "text": "x"}],
        [{"start": 0, "end": None, "text": "x"}],
        [{"start": 0, "end": 1, "text": 5}],
        [{"start": 0, "end": 1, "text": "x", "language": 1}],
        [{"start": 0, "end": 1, "text": "x", "language": "e"}],
        [{"start": 0, "end": 10000000, "text": "x"}],
        # values that differ only below the stored millisecond precision
        [{"start": 0.0001, "end": 0.0002, "text": "x"}],
        [{"start": 1.0001, "end": 1.0004, "text": "x"}],
        [{"start": 0, "end": 9999999.9999, "text": "x"}],
        [{"start": 0, "end": 1, "text": "ok"}, {"start": 5, "end": 4, "text": "bad"}],
        [{"start": 0, "end": 1, "text": "x"}] * 5001,
    ],
)
def test_bad_segments_are_refused_and_the_old_track_kept(db: Db, segments) -> None:
    creator = db.user()
    m = db.mashup(creator)
    db.as_user(creator)
    save(db, m, SEGS)
    db.as_user(creator)
    with db.refused("22023"):
        save(db, m, segments)
    assert len(track(db, m)) == 3


def test_only_the_creator_saves(db: Db) -> None:
    creator, other = db.user(), db.user()
    public = db.mashup(creator)
    private = db.mashup(creator, visibility="private")
    db.as_user(creator)
    save(db, public, SEGS)
    db.as_user(other)
    with db.refused("42501", "only the creator"):
        save(db, public, [])
    with db.refused("P0002"):
        save(db, private, [])
    with db.refused("P0002"):
        save(db, uuid.uuid4(), [])
    db.as_anon()
    with db.refused("42501"):
        save(db, public, [])
    db.as_service()  # the worker must impersonate the creator
    with db.refused("42501", "sign in"):
        save(db, public, [])
    assert len(track(db, public)) == 3


# --- upsert_trending_sounds ------------------------------------------------------------------
def upsert(db: Db, items) -> tuple:
    return db.one("select inserted, updated from public.upsert_trending_sounds(%s)",
                  (json.dumps(items),))


def sounds(db: Db) -> dict:
    return {(s, u): (t, r) for s, u, t, r in db.as_admin().all(
        "select source, external_url, title, rank from public.trending_sounds")}


def test_upsert_counts_and_keys(db: Db) -> None:
    db.as_service()
    a = {"title": "A", "source": "spotify", "external_url": "https://s/1", "rank": 1}
    b = {"title": "B", "source": "youtube", "external_url": "https://y/1", "rank": 2}
    assert upsert(db, [a, b]) == (2, 0)
    db.as_service()
    assert upsert(db, [a, b]) == (0, 2)
    db.as_service()
    same_url_other_source = {**a, "source": "tiktok", "title": "A on tiktok"}
    renamed = {**b, "title": "B2", "rank": None}
    assert upsert(db, [same_url_other_source, renamed]) == (1, 1)
    assert sounds(db) == {
        ("spotify", "https://s/1"): ("A", 1),
        ("youtube", "https://y/1"): ("B2", None),
        ("tiktok", "https://s/1"): ("A on tiktok", 1),
    }
    db.as_service()
    # duplicates inside one batch: the last one wins, counted once
    c1 = {"title": "C1", "source": "manual", "external_url": "http://c", "rank": 5}
    c2 = {**c1, "title": "  C2  ", "rank": 3}
    assert upsert(db, [c1, c2]) == (1, 0)
    assert sounds(db)[("manual", "http://c")] == ("C2", 3)
    db.as_service()
    assert upsert(db, [{**c2, "rank": 4.0}]) == (0, 1)  # a whole JSON number is a rank
    assert sounds(db)[("manual", "http://c")] == ("C2", 4)
    db.as_service()
    assert upsert(db, []) == (0, 0)
    assert db.val("select count(*) from public.trending_sounds") == 4


@pytest.mark.parametrize(
    "items",
    [
        {"title": "x"}, ["x"],
        [{"source": "spotify", "external_url": "https://s/1"}],
        [{"title": " ", "source": "spotify", "external_url": "https://s/1"}],
        [{"title": "x", "source": "soundcloud", "external_url": "https://s/1"}],
        [{"title": "x", "source": "spotify", "external_url": "ftp://s/1"}],
        [{"title": "x", "source": "spotify", "external_url": "javascript:alert(1)"}],
        [{"title": "x", "source": "spotify"}],
        [{"title": "x", "source": "spotify", "external_url": "https://s/1", "rank": "1"}],
        [{"title": "x", "source": "spotify", "external_url": "https://s/1", "rank": 1.5}],
        [{"title": "x", "source": "spotify", "external_url": "https://s/1", "rank": 1e10}],
        [{"title": "x", "source": "spotify", "external_url": f"https://s/{i}"}
         for i in range(10001)],
    ],
)
def test_upsert_refuses_bad_items(db: Db, items) -> None:
    db.as_service()
    with db.refused("22023"):
        upsert(db, items)
    assert db.val("select count(*) from public.trending_sounds") == 0


@pytest.mark.parametrize("who", ["user", "anon"])
def test_upsert_is_service_only(db: Db, who) -> None:
    db.as_user(db.user()) if who == "user" else db.as_anon()
    item = {"title": "x", "source": "spotify", "external_url": "https://s/1"}
    with db.refused("42501"):
        upsert(db, [item])
    db.as_admin().all("grant execute on function public.upsert_trending_sounds(jsonb) "
                      "to anon, authenticated")
    db.as_user(db.user()) if who == "user" else db.as_anon()
    with db.refused("42501", "ingestion job only"):
        upsert(db, [item])


# --- voice_rooms provider columns (0020) -----------------------------------------------------
PROVIDER = ("update public.voice_rooms set provider = %s, provider_room_name = %s, "
            "provider_room_url = %s, expires_at = now() + interval '1 hour' where id = %s")


def test_provider_columns_are_server_only_and_all_or_none(db: Db) -> None:
    host = db.user()
    db.as_user(host)
    room = db.val("insert into public.voice_rooms (host_id, name) values (%s, 'r') returning id",
                  (host,))
    with db.refused("42501"):
        db.all(PROVIDER, ("daily", "n", "https://evil.example/x", room))
    with db.refused("42501"):
        db.all("insert into public.voice_rooms (host_id, name, provider_room_url) "
               "values (%s, 'r', 'https://evil.example')", (host,))
    db.as_service()
    for bad in [("zoom", "n", "https://x.daily.co/n"), ("daily", "n", "http://x.daily.co/n"),
                ("daily", "n", "https://x daily")]:
        with db.refused("23514"):
            db.all(PROVIDER, (*bad, room))
    with db.refused("23514", "voice_rooms_provider_all_or_none"):
        db.all("update public.voice_rooms set provider = 'daily' where id = %s", (room,))
    assert db.rowcount(PROVIDER, ("daily", "mash-1", "https://mash.daily.co/mash-1", room)) == 1
    db.as_user(host)  # the host reads them like the rest of the row
    assert db.one("select provider, provider_room_name, provider_room_url, expires_at > now() "
                  "from public.voice_rooms where id = %s", (room,)) == (
        "daily", "mash-1", "https://mash.daily.co/mash-1", True)
    db.as_user(host)  # and may still rename or close the room
    assert db.rowcount("update public.voice_rooms set status = 'closed' where id = %s",
                       (room,)) == 1
    db.as_service()  # and the server may clear them together
    db.all("update public.voice_rooms set provider = null, provider_room_name = null, "
           "provider_room_url = null, expires_at = null where id = %s", (room,))
