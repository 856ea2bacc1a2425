"""No client request fails because of another client's timing: save_captions against direct
caption writes, and opening a voice room on a collaboration session that is being ended.

Each race runs N = 8 client sessions in threads (their own connections, PostgREST-style
impersonation, READ COMMITTED), released together by a barrier, for a bounded number of
rounds. Afterwards the outcome of every request and the final rows are checked exactly;
the order the database serialised the requests in is read back from clock_timestamp()
taken while each request held its lock.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

import psycopg
import pytest

from .kit import SESSIONS as N
from .kit import Db, run_sessions

ROUNDS = 6
TRACK = 4  # segments per saved track


@dataclass
class Result:
    who: int
    at: datetime | None = None  # clock_timestamp() inside the request, None when refused
    sqlstate: str | None = None


@pytest.fixture
def admin(module_url: str) -> Iterator[Db]:
    with psycopg.connect(module_url, autocommit=True) as conn:
        yield Db(conn)


def race(url: str, requests: list[Callable[[Db], datetime]]) -> list[Result]:
    """Run each request in its own session and transaction, all released at once; a
    request's SQL error is its outcome (the transaction is rolled back), never the test's."""
    results = [Result(i) for i in range(len(requests))]

    def work(db: Db, i: int) -> None:
        try:
            results[i].at = requests[i](db)
            db.conn.commit()
        except psycopg.Error as exc:
            results[i].sqlstate = exc.sqlstate
            db.conn.rollback()

    assert run_sessions(url, work, len(requests)) == []
    return results


# --- save_captions against direct caption writes ---------------------------------------------
def test_save_captions_never_loses_a_race_with_direct_inserts(module_url: str, admin: Db) -> None:
    """Half the sessions replace the track, half insert a segment directly at an index the
    track uses. Before the fix, a save whose delete missed an uncommitted direct row failed
    with 23505 on its insert. Now every save succeeds; a direct insert succeeds exactly when
    the database ran it before every save (the index was free) and is refused as the
    duplicate it is otherwise; the final track is exactly the last save's."""
    creator = admin.user()
    mashup = admin.mashup(creator)
    savers, inserters = range(N // 2), range(N // 2, N)

    def save(i: int) -> Callable[[Db], datetime]:
        track = json.dumps([{"start": s, "end": s + 1, "text": f"save {i}"} for s in range(TRACK)])

        def request(db: Db) -> datetime:
            db.as_user(creator)
            assert db.val("select public.save_captions(%s, %s)", (mashup, track)) == TRACK
            return db.val("select clock_timestamp()")
        return request

    def insert(i: int) -> Callable[[Db], datetime]:
        def request(db: Db) -> datetime:
            db.as_user(creator)
            return db.val(
                "insert into public.captions (mashup_id, segment_index, start_seconds, "
                "end_seconds, text) values (%s, %s, 0, 1, %s) returning clock_timestamp()",
                (mashup, i % TRACK, f"direct {i}"))
        return request

    for _ in range(ROUNDS):
        admin.all("delete from public.captions where mashup_id = %s", (mashup,))
        results = race(module_url, [save(i) if i in savers else insert(i) for i in range(N)])
        saves = [results[i] for i in savers]
        assert [r.sqlstate for r in saves] == [None] * len(saves)
        first_save = min(r.at for r in saves)
        last_save = max(saves, key=lambda r: r.at)
        for r in (results[i] for i in inserters):
            if r.sqlstate is None:
                assert r.at < first_save  # ran before every save, then was replaced
            else:
                assert r.sqlstate == "23505"  # its index was held by a committed track
        assert admin.all(
            "select segment_index, text from public.captions where mashup_id = %s "
            "order by segment_index", (mashup,)) == [
            (s, f"save {last_save.who}") for s in range(TRACK)]


def test_direct_inserts_on_free_indexes_never_fail_beside_saves(module_url: str, admin: Db) -> None:
    """Direct inserts past the saved track's indexes: every request of every round succeeds,
    and what survives is the last save's track plus the direct rows written after it."""
    creator = admin.user()
    mashup = admin.mashup(creator)
    track = json.dumps([{"start": s, "end": s + 1, "text": "saved"} for s in range(TRACK)])

    def request(i: int) -> Callable[[Db], datetime]:
        def run(db: Db) -> datetime:
            db.as_user(creator)
            if i % 2 == 0:
                db.val("select public.save_captions(%s, %s)", (mashup, track))
                return db.val("select clock_timestamp()")
            return db.val(
                "insert into public.captions (mashup_id, segment_index, start_seconds, "
                "end_seconds, text) values (%s, %s, 0, 1, 'direct') returning clock_timestamp()",
                (mashup, 100 + i))
        return run

    for _ in range(ROUNDS):
        admin.all("delete from public.captions where mashup_id = %s", (mashup,))
        results = race(module_url, [request(i) for i in range(N)])
        assert [r.sqlstate for r in results] == [None] * N
        last_save = max(r.at for r in results if r.who % 2 == 0)
        expected = [(s, "saved") for s in range(TRACK)] + [
            (100 + r.who, "direct") for r in results if r.who % 2 == 1 and r.at > last_save]
        assert admin.all(
            "select segment_index, text from public.captions where mashup_id = %s "
            "order by segment_index", (mashup,)) == expected


# --- a voice room on a session that is being ended --------------------------------------------
def test_no_room_stays_open_on_a_session_that_ended(module_url: str, admin: Db) -> None:
    """Eight participants open a room on the session while the host ends it. Each room is
    either opened before the end (and then closed by it) or refused with 55000 "session has
    ended"; no other error, and no open room on an ended session, in every round."""
    host = admin.user()
    participants = [admin.user() for _ in range(N)]

    for _ in range(ROUNDS):
        with admin.conn.transaction():
            admin.as_user(host)
            sid = admin.val("select public.create_collab_session('jam', null, 32)")
            for p in participants:
                admin.as_user(p)
                admin.val("select public.join_collab_session(%s)", (sid,))
            admin.as_admin()

        def open_room(p: uuid.UUID, sid: uuid.UUID) -> Callable[[Db], datetime]:
            def run(db: Db) -> datetime:
                db.as_user(p)
                return db.val("insert into public.voice_rooms (host_id, session_id, name) "
                              "values (%s, %s, 'room') returning clock_timestamp()", (p, sid))
            return run

        def end(sid: uuid.UUID) -> Callable[[Db], datetime]:
            def run(db: Db) -> datetime:
                db.as_user(host)
                db.all("select public.end_collab_session(%s)", (sid,))
                return db.val("select clock_timestamp()")
            return run

        results = race(module_url, [open_room(p, sid) for p in participants] + [end(sid)])
        ended, rooms = results[-1], results[:-1]
        assert ended.sqlstate is None
        assert [r.sqlstate for r in rooms if r.sqlstate is not None] == ["55000"] * sum(
            r.sqlstate is not None for r in rooms)
        assert all(r.at < ended.at for r in rooms if r.sqlstate is None)  # before the end
        opened = sorted(participants[r.who] for r in rooms if r.sqlstate is None)
        assert admin.all("select host_id, status from public.voice_rooms where session_id = %s "
                         "order by host_id", (sid,)) == [(p, "closed") for p in opened]
        assert admin.val("select status from public.collaboration_sessions where id = %s",
                         (sid,)) == "ended"


def test_a_room_cannot_be_reopened_on_an_ended_session(db: Db) -> None:
    host, member = db.user(), db.user()
    db.as_user(host)
    sid = db.val("select public.create_collab_session('jam')")
    db.as_user(member)
    db.val("select public.join_collab_session(%s)", (sid,))
    room = db.val("insert into public.voice_rooms (host_id, session_id, name) "
                  "values (%s, %s, 'mine') returning id", (member, sid))
    db.as_user(host)
    db.all("select public.end_collab_session(%s)", (sid,))
    db.as_user(member)  # the room is still the member's own, but the session is over
    assert db.val("select status from public.voice_rooms where id = %s", (room,)) == "closed"
    with db.refused("55000"):
        db.all("update public.voice_rooms set status = 'open' where id = %s", (room,))
    db.as_service()
    with db.refused("55000"):
        db.all("update public.voice_rooms set status = 'open' where id = %s", (room,))
    db.as_user(host)  # still the session's host, and refused too
    with db.refused("55000"):
        db.all("insert into public.voice_rooms (host_id, session_id, name) "
               "values (%s, %s, 'late')", (host, sid))
    # the host's own direct update ending a session closes its rooms as well
    other = db.val("select public.create_collab_session('jam 2')")
    solo = db.val("insert into public.voice_rooms (host_id, session_id, name) "
                  "values (%s, %s, 'open') returning id", (host, other))
    db.all("update public.collaboration_sessions set status = 'ended' where id = %s", (other,))
    assert db.val("select status from public.voice_rooms where id = %s", (solo,)) == "closed"
    # a room without a session is unaffected
    assert db.rowcount("insert into public.voice_rooms (host_id, name) values (%s, 'solo')",
                       (host,)) == 1
