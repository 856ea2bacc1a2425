"""public.caller_id() (functions/caller.sql) stands in for auth.uid() in the policies of
mashups and voice_rooms: the same answer for every kind of caller, never one user's id in
another user's statement (cached and generic plans, a claim switched mid-transaction), and
a shape the planner does not inline (the reason it exists)."""

from __future__ import annotations

import uuid

import pytest

from .kit import Db

OWN_DRAFTS = "select id from public.mashups where status = 'draft' order by id"


def _plan(db: Db, sql: str, params: tuple = ()) -> str:
    return "\n".join(r[0] for r in db.all("explain (verbose, costs off) " + sql, params))


def _jam(db: Db) -> tuple[uuid.UUID, ...]:
    """Host, joined member, outsider, the host's session and its voice room."""
    host, member, outsider = db.user(), db.user(), db.user()
    session = db.insert("collaboration_sessions", host_id=host, title="jam")
    db.insert("collaboration_participants", returning="user_id", session_id=session,
              user_id=member, status="joined")
    room = db.insert("voice_rooms", host_id=host, session_id=session, name="booth")
    return host, member, outsider, session, room


def test_it_answers_what_auth_uid_answers(db: Db) -> None:
    user = db.user()
    db.as_user(user)
    assert db.one("select public.caller_id(), auth.uid()") == (user, user)
    db.as_anon()
    assert db.one("select public.caller_id(), auth.uid()") == (None, None)
    db.as_admin()  # the older single-claim setting that auth.uid() reads first
    db.all("select set_config('request.jwt.claim.sub', %s, true)", (str(user),))
    db.all("set local role authenticated")
    assert db.one("select public.caller_id(), auth.uid()") == (user, user)
    db.all("select set_config('request.jwt.claim.sub', '', true)")
    db.all("select set_config('request.jwt.claims', '', true)")
    assert db.one("select public.caller_id(), auth.uid()") == (None, None)


def test_it_is_a_stable_invoker_function_that_is_never_inlined(db: Db) -> None:
    lang, volatile, definer, config = db.one(
        "select l.lanname, p.provolatile, p.prosecdef, p.proconfig from pg_proc as p "
        "inner join pg_language as l on l.oid = p.prolang "
        "where p.oid = 'public.caller_id()'::regprocedure")
    assert (lang, volatile, definer, config) == ("plpgsql", "s", False, None)
    user = db.user()
    db.as_user(user)
    fast = _plan(db, "select id from public.mashups where creator_id = %s", (user,))
    assert "caller_id()" in fast and "current_setting" not in fast
    # the other side: a statement naming auth.uid() gets its body inlined into the plan
    db.as_admin()  # (no policy of its own in the way)
    inlined = _plan(db, "select id from public.mashups where creator_id = (select auth.uid())")
    assert "current_setting" in inlined and "caller_id()" not in inlined


@pytest.mark.parametrize("mode", ["force_generic_plan", "force_custom_plan"])
def test_a_cached_plan_never_keeps_the_previous_callers_id(db: Db, mode: str) -> None:
    a, b = db.user(), db.user()
    a_draft = db.mashup(a, status="draft")
    b_draft = db.mashup(b, status="draft")
    db.all(f"set local plan_cache_mode = {mode}")
    db.all(f"prepare own_drafts as {OWN_DRAFTS}")
    try:
        db.as_user(a)
        for _ in range(6):  # past the five custom plans, where a generic plan is chosen
            assert db.all("execute own_drafts") == [(a_draft,)]
        db.as_user(b)  # same session, same transaction, same prepared statement
        assert db.all("execute own_drafts") == [(b_draft,)]
        db.as_anon()
        assert db.all("execute own_drafts") == []
    finally:
        db.as_admin()
        db.all("deallocate own_drafts")


def test_a_claim_switched_mid_transaction_moves_every_policy_with_it(db: Db) -> None:
    host, member, outsider, session, room = _jam(db)
    draft = db.mashup(host, status="draft")
    rooms = "select id from public.voice_rooms where session_id = %s"
    for who, seen_rooms, seen_drafts in ((host, [(room,)], [(draft,)]),
                                         (member, [(room,)], []),
                                         (outsider, [], []),
                                         (host, [(room,)], [(draft,)])):
        db.as_user(who)
        assert db.all(rooms, (session,)) == seen_rooms
        assert db.all(OWN_DRAFTS) == seen_drafts
    # writes follow the switch too: the member may not rename the host's room
    db.as_user(member)
    assert db.rowcount("update public.voice_rooms set name = 'mine' where id = %s", (room,)) == 0
    db.as_user(host)
    assert db.rowcount("update public.voice_rooms set name = 'ours' where id = %s", (room,)) == 1


def test_a_forged_creator_is_refused_through_caller_id(db: Db) -> None:
    me, victim = db.user(), db.user()
    db.as_user(me)
    with db.refused("42501"):
        db.all("insert into public.mashups (creator_id, title) values (%s, 'x')", (victim,))
    made = db.val("insert into public.mashups (creator_id, title) values (%s, 'x') returning id",
                  (me,))
    assert isinstance(made, uuid.UUID)
    with db.refused("42501"):
        db.all("insert into public.voice_rooms (host_id, name) values (%s, 'x')", (victim,))
    assert db.rowcount("insert into public.voice_rooms (host_id, name) values (%s, 'x')",
                       (me,)) == 1


def test_a_member_who_leaves_loses_the_room_in_the_next_statement(db: Db) -> None:
    host, member, other, session, room = _jam(db)
    rooms = "select id from public.voice_rooms where session_id = %s"
    db.as_user(member)
    assert db.all(rooms, (session,)) == [(room,)]
    db.all("select public.leave_collab_session(%s)", (session,))
    assert db.all(rooms, (session,)) == []  # same transaction, next statement
    # the host's room stays the host's: nobody re-points it to a session of their own
    other_session = db.insert("collaboration_sessions", host_id=other, title="mine")
    db.as_user(host)
    with db.refused("42501"):
        db.all("update public.voice_rooms set session_id = %s where id = %s",
               (other_session, room))
    assert db.all(rooms, (session,)) == [(room,)]
