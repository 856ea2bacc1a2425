"""Side routes around collab_session_ids_of_caller() (0025's per-statement membership
set, read by the select policies of collaboration_sessions, collaboration_participants
and voice_rooms): it copies nothing, so leaving, rejoining and re-pointing a room take
effect on the next statement; membership cannot be written by a client; the helper
answers only about its caller and is closed to anon."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest

from .kit import Db

SEES = {
    "sessions": "select count(*) from public.collaboration_sessions where id = %s",
    "participants": "select count(*) from public.collaboration_participants where session_id = %s",
    "rooms": "select count(*) from public.voice_rooms where session_id = %s",
}


@dataclass
class Jam:
    host: uuid.UUID
    member: uuid.UUID
    leaver: uuid.UUID
    stranger: uuid.UUID
    session: uuid.UUID
    room: uuid.UUID


@pytest.fixture
def jam(db: Db) -> Jam:
    host, member, leaver, stranger = db.user(), db.user(), db.user(), db.user()
    db.as_user(host)
    sid = db.val("select public.create_collab_session('jam')")
    room = db.val("insert into public.voice_rooms (host_id, session_id, name) "
                  "values (%s, %s, 'room') returning id", (host, sid))
    for who in (member, leaver):
        db.as_user(who)
        db.val("select public.join_collab_session(%s)", (sid,))
    db.all("select public.leave_collab_session(%s)", (sid,))  # the leaver
    db.as_admin()
    return Jam(host, member, leaver, stranger, sid, room)


def _seen(db: Db, who: uuid.UUID, sid: uuid.UUID) -> dict[str, object]:
    db.as_user(who)
    out: dict[str, object] = {k: db.val(q, (sid,)) for k, q in SEES.items()}
    out["ids"] = db.val("select public.collab_session_ids_of_caller()")
    db.as_admin()
    return out


def _member(sid: uuid.UUID, participants: int = 3) -> dict[str, object]:
    return {"sessions": 1, "participants": participants, "rooms": 1, "ids": [sid]}


OUTSIDER = {"sessions": 0, "participants": 0, "rooms": 0, "ids": []}
LEFT = {"sessions": 0, "participants": 1, "rooms": 0, "ids": []}  # own participant row only


def test_reads_follow_the_live_membership(db: Db, jam: Jam) -> None:
    assert _seen(db, jam.host, jam.session) == _member(jam.session)
    assert _seen(db, jam.member, jam.session) == _member(jam.session)
    assert _seen(db, jam.leaver, jam.session) == LEFT
    assert _seen(db, jam.stranger, jam.session) == OUTSIDER
    # leaving takes effect on the very next statement of the same transaction
    db.as_user(jam.member).all("select public.leave_collab_session(%s)", (jam.session,))
    assert _seen(db, jam.member, jam.session) == LEFT
    db.as_user(jam.leaver).val("select public.join_collab_session(%s)", (jam.session,))
    assert _seen(db, jam.leaver, jam.session) == _member(jam.session)
    # ending the session marks every participant left; the host still hosts it
    db.as_user(jam.host).all("select public.end_collab_session(%s)", (jam.session,))
    assert _seen(db, jam.leaver, jam.session) == LEFT
    assert _seen(db, jam.host, jam.session) == _member(jam.session)


def test_a_room_moved_to_another_session_is_read_by_that_sessions_members(
    db: Db, jam: Jam
) -> None:
    other_host = db.user()
    db.as_user(other_host)
    elsewhere = db.val("select public.create_collab_session('elsewhere')")
    db.as_service()  # only the server may re-point a room (clients update name, status)
    assert db.rowcount("update public.voice_rooms set session_id = %s where id = %s",
                       (elsewhere, jam.room)) == 1
    db.as_admin()
    assert _seen(db, jam.member, jam.session)["rooms"] == 0
    assert _seen(db, other_host, elsewhere)["rooms"] == 1
    db.as_user(jam.host)  # the room's host still reads own room
    assert db.val("select count(*) from public.voice_rooms where id = %s", (jam.room,)) == 1
    db.as_user(jam.member)
    with db.refused("42501"):  # and a client cannot move it back
        db.all("update public.voice_rooms set session_id = %s where id = %s",
               (jam.session, jam.room))


def test_membership_cannot_be_written_by_a_client(db: Db, jam: Jam) -> None:
    db.as_user(jam.stranger)
    with db.refused("42501"):
        db.all("insert into public.collaboration_participants (session_id, user_id, status) "
               "values (%s, %s, 'joined')", (jam.session, jam.stranger))
    with db.refused("42501"):  # WITH CHECK: a room only on a session the host is in
        db.all("insert into public.voice_rooms (host_id, session_id, name) "
               "values (%s, %s, 'mine')", (jam.stranger, jam.session))
    db.as_user(jam.leaver)
    with db.refused("42501"):
        db.all("update public.collaboration_participants set status = 'joined' "
               "where user_id = %s", (jam.leaver,))
    db.as_user(jam.member)  # a member opens a room on the session: the allowed side
    assert db.rowcount("insert into public.voice_rooms (host_id, session_id, name) "
                       "values (%s, %s, 'mine')", (jam.member, jam.session)) == 1
    assert _seen(db, jam.stranger, jam.session) == OUTSIDER
    assert _seen(db, jam.leaver, jam.session) == LEFT


def test_the_helper_is_closed_to_anon(db: Db, jam: Jam) -> None:
    db.as_anon()
    with db.refused("42501"):
        db.all("select public.collab_session_ids_of_caller()")
    for table in ("collaboration_sessions", "collaboration_participants", "voice_rooms"):
        with db.refused("42501"):
            db.all(f"select count(*) from public.{table}")
    assert _seen(db, jam.member, jam.session)["ids"] == [jam.session]
