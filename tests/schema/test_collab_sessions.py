"""functions/collab_sessions.sql: create, join (idempotent), leave, end (host only)."""

from __future__ import annotations

import uuid

import pytest

from .kit import Db


def create(db: Db, title="jam", mashup=None, max_participants=8) -> uuid.UUID:
    return db.val("select public.create_collab_session(%s, %s, %s)",
                  (title, mashup, max_participants))


def join(db: Db, sid) -> str:
    return db.val("select public.join_collab_session(%s)", (sid,))


def leave(db: Db, sid) -> None:
    db.all("select public.leave_collab_session(%s)", (sid,))


def end(db: Db, sid) -> None:
    db.all("select public.end_collab_session(%s)", (sid,))


def members(db: Db, sid) -> dict:
    return {
        u: (role, status)
        for u, role, status in db.as_admin().all(
            "select user_id, role, status from public.collaboration_participants "
            "where session_id = %s", (sid,))
    }


@pytest.fixture
def host(db: Db) -> uuid.UUID:
    return db.user()


def test_create(db: Db, host) -> None:
    m = db.mashup(host, status="draft", visibility="private")
    db.as_user(host)
    sid = create(db, "  late night jam  ", m, 4)
    assert db.one("select host_id, mashup_id, title, status, max_participants "
                  "from public.collaboration_sessions where id = %s", (sid,)) == (
        host, m, "late night jam", "active", 4)
    assert members(db, sid) == {host: ("host", "joined")}
    db.as_user(host)
    assert db.val("select count(*) from public.collaboration_sessions") == 1  # host sees it


@pytest.mark.parametrize(
    "args, sqlstate",
    [(("", None, 8), "22023"), (("   ", None, 8), "22023"), (("x" * 201, None, 8), "22023"),
     ((None, None, 8), "22023"), (("t", None, 0), "22023"), (("t", None, 33), "22023"),
     (("t", None, None), "22023")],
)
def test_create_refuses_bad_input(db: Db, host, args, sqlstate) -> None:
    db.as_user(host)
    with db.refused(sqlstate):
        create(db, *args)


def test_create_refusals_by_caller(db: Db, host) -> None:
    someone_elses = db.mashup(db.user())
    db.as_user(host)
    with db.refused("42501", "own mashup"):
        create(db, "t", someone_elses)
    with db.refused("42501"):
        create(db, "t", uuid.uuid4())  # unknown mashup: same answer
    db.as_anon()
    with db.refused("42501"):
        create(db)
    db.as_service()  # no auth.uid(): nobody to host
    with db.refused("42501", "sign in"):
        create(db)


def test_join_is_idempotent(db: Db, host) -> None:
    guest = db.user()
    db.as_user(host)
    sid = create(db)
    db.as_user(guest)
    assert db.val("select count(*) from public.collaboration_sessions") == 0  # not yet
    assert join(db, sid) == "editor"
    assert join(db, sid) == "editor"
    assert members(db, sid) == {host: ("host", "joined"), guest: ("editor", "joined")}
    db.as_user(guest)
    assert db.val("select count(*) from public.collaboration_sessions") == 1
    db.as_user(host)
    assert join(db, sid) == "host"


def test_join_refusals(db: Db, host) -> None:
    db.as_user(host)
    sid = create(db, max_participants=2)
    db.as_user(db.user())
    with db.refused("P0002"):
        join(db, uuid.uuid4())
    assert join(db, sid) == "editor"
    late = db.user()
    db.as_user(late)
    with db.refused("55000", "full"):
        join(db, sid)
    db.as_anon()
    with db.refused("42501"):
        join(db, sid)
    db.as_user(host)
    end(db, sid)
    db.as_user(late)
    with db.refused("55000", "ended"):
        join(db, sid)


def test_leave_and_rejoin(db: Db, host) -> None:
    guest = db.user()
    db.as_user(host)
    sid = create(db, max_participants=2)
    db.as_user(guest)
    join(db, sid)
    leave(db, sid)
    leave(db, sid)  # idempotent
    assert members(db, sid)[guest] == ("editor", "left")
    db.as_user(guest)
    assert db.val("select count(*) from public.collaboration_sessions") == 0
    # the freed seat can be taken; the leaver can come back while there is room
    other = db.user()
    db.as_user(other)
    assert join(db, sid) == "editor"
    db.as_user(guest)
    with db.refused("55000", "full"):
        join(db, sid)
    db.as_user(other)
    leave(db, sid)
    db.as_user(guest)
    assert join(db, sid) == "editor"
    # the host leaving does not end the session, and rejoins as host
    db.as_user(host)
    leave(db, sid)
    assert db.as_admin().val("select status from public.collaboration_sessions where id = %s",
                             (sid,)) == "active"
    db.as_user(host)
    assert join(db, sid) == "host"


def test_leave_refusals(db: Db, host) -> None:
    db.as_user(host)
    sid = create(db)
    db.as_user(db.user())
    with db.refused("P0002", "not a participant"):
        leave(db, sid)
    with db.refused("P0002"):
        leave(db, uuid.uuid4())
    db.as_anon()
    with db.refused("42501"):
        leave(db, sid)


def test_end_is_host_only_and_idempotent(db: Db, host) -> None:
    guest, stranger = db.user(), db.user()
    db.as_user(host)
    sid = create(db)
    db.as_user(guest)
    join(db, sid)
    with db.refused("42501", "only the host"):
        end(db, sid)
    db.as_user(stranger)
    with db.refused("P0002"):  # a stranger cannot even learn that it exists
        end(db, sid)
    with db.refused("P0002"):
        end(db, uuid.uuid4())
    db.as_anon()
    with db.refused("42501"):
        end(db, sid)
    db.as_user(host)
    end(db, sid)
    assert db.one("select status, ended_at = now() from public.collaboration_sessions "
                  "where id = %s", (sid,)) == ("ended", True)
    assert members(db, sid) == {host: ("host", "left"), guest: ("editor", "left")}
    db.as_user(host)
    end(db, sid)  # idempotent
    db.as_user(guest)  # a former member is no longer a member
    with db.refused("P0002"):
        end(db, sid)
