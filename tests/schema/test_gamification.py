"""Gamification (0014) + functions/gamification.sql: award_xp, the level curve, weekly
streaks, badges, and the database's own XP triggers."""

from __future__ import annotations

import uuid

import pytest

from .kit import Db

AWARD = "select public.award_xp(%s, %s, %s, %s)"


def award(db: Db, user, amount, reason="test", ref=None, **kw) -> int:
    if kw:
        args = ", ".join(f"p_{k} => %s" for k in kw)
        return db.val(f"select public.award_xp(%s, %s, %s, %s, {args})",
                      (user, amount, reason, ref, *kw.values()))
    return db.val(AWARD, (user, amount, reason, ref))


def state(db: Db, user) -> tuple:
    return db.as_admin().one(
        "select total_xp, current_level, weekly_streak, longest_streak, total_mashups, "
        "total_likes_received from public.user_gamification where user_id = %s",
        (user,),
    )


def badges(db: Db, user) -> set[str]:
    return {
        r[0]
        for r in db.as_admin().all(
            "select badge_id from public.user_badges where user_id = %s", (user,)
        )
    }


def ledger(db: Db, user) -> list[tuple]:
    return db.as_admin().all(
        "select reason, amount, reference_id from public.xp_transactions where user_id = %s "
        "order by reason, amount",
        (user,),
    )


@pytest.mark.parametrize(
    "xp, level",
    [(0, 1), (99, 1), (100, 2), (399, 2), (400, 3), (899, 3), (900, 4), (1600, 5), (10000, 11),
     (-5, 1)],
)
def test_level_curve(db: Db, xp: int, level: int) -> None:
    db.as_anon()
    assert db.val("select public.xp_level(%s)", (xp,)) == level


def test_award_updates_totals_and_is_idempotent(db: Db) -> None:
    u = db.user()
    ref = uuid.uuid4()
    db.as_service()
    assert award(db, u, 120, "challenge_win", ref) == 120
    assert state(db, u) == (120, 2, 1, 1, 0, 0)
    db.as_service()
    assert award(db, u, 120, "challenge_win", ref) == 0  # same user+reason+reference
    assert award(db, u, 999, "challenge_win", ref) == 0  # even with another amount
    assert state(db, u) == (120, 2, 1, 1, 0, 0)
    assert ledger(db, u) == [("challenge_win", 120, ref)]
    # another reference, another reason: credited; a null reference is once per reason
    db.as_service()
    assert award(db, u, 30, "challenge_win", uuid.uuid4()) == 30
    assert award(db, u, 10, "daily_login") == 10
    assert award(db, u, 10, "daily_login") == 0
    assert state(db, u)[0] == 160
    # another user with the same reason+reference is independent
    v = db.user()
    db.as_service()
    assert award(db, v, 120, "challenge_win", ref) == 120


def test_level_badge_at_level_5(db: Db) -> None:
    u = db.user()
    db.as_service()
    assert award(db, u, 1599) == 1599
    assert state(db, u)[:2] == (1599, 4) and badges(db, u) == set()
    db.as_service()
    assert award(db, u, 1, "one_more") == 1  # level_5 rewards 0 XP
    assert state(db, u)[:2] == (1600, 5)
    assert badges(db, u) == {"level_5"}


def test_badge_xp_unlocks_further_badges(db: Db) -> None:
    u = db.user()
    db.as_service()
    # 9980 + first_mashup's 25 = 10005 crosses xp_10000 in the second round
    assert award(db, u, 9980, "import", counter="total_mashups") == 10005
    assert badges(db, u) == {"first_mashup", "level_5", "xp_10000"}
    assert state(db, u) == (10005, 11, 1, 1, 1, 0)
    assert ledger(db, u) == [("badge:first_mashup", 25, None), ("import", 9980, None)]


def test_counter_badges(db: Db) -> None:
    u = db.user()
    db.as_service()
    for _ in range(9):
        award(db, u, 1, "upload", uuid.uuid4(), counter="total_mashups")
    assert badges(db, u) == {"first_mashup"} and state(db, u)[4] == 9
    db.as_service()
    assert award(db, u, 1, "upload", uuid.uuid4(), counter="total_mashups") == 1 + 100
    assert badges(db, u) == {"first_mashup", "prolific_10"}
    db.as_service()
    assert award(db, u, 5, "like", None, counter="total_likes_received", is_activity=False) == 15
    assert badges(db, u) == {"first_mashup", "prolific_10", "first_like"}


def _set_last_activity(db: Db, u, ago: str, streak: int, longest: int | None = None) -> None:
    db.as_admin().all(
        "update public.user_gamification set last_activity_at = now() - %s::interval, "
        "weekly_streak = %s, longest_streak = %s where user_id = %s",
        (ago, streak, streak if longest is None else longest, u),
    )


def test_weekly_streak(db: Db) -> None:
    u = db.user()
    db.as_service()
    award(db, u, 1, "a")
    assert state(db, u)[2:4] == (1, 1)
    db.as_service()
    award(db, u, 1, "b")  # same week: unchanged
    assert state(db, u)[2:4] == (1, 1)
    _set_last_activity(db, u, "7 days", 3)  # last active the previous ISO week
    db.as_service()
    assert award(db, u, 1, "c") == 1 + 100  # streak 4 unlocks streak_4 (+100)
    assert state(db, u)[2:4] == (4, 4) and "streak_4" in badges(db, u)
    _set_last_activity(db, u, "14 days", 6, 9)  # a week skipped: restart at 1
    db.as_service()
    award(db, u, 1, "d")
    assert state(db, u)[2:4] == (1, 9)
    _set_last_activity(db, u, "7 days", 11, 11)
    db.as_service()
    assert award(db, u, 1, "e") == 1 + 500  # streak_12
    assert state(db, u)[2:4] == (12, 12) and "streak_12" in badges(db, u)


def test_non_activity_keeps_streak(db: Db) -> None:
    u = db.user()
    db.as_service()
    award(db, u, 1, "a")
    _set_last_activity(db, u, "14 days", 5)
    db.as_service()
    award(db, u, 1, "passive", is_activity=False)
    assert state(db, u)[2:4] == (5, 5)
    assert db.as_admin().val(
        "select last_activity_at < now() - interval '13 days' from public.user_gamification "
        "where user_id = %s", (u,)
    )


@pytest.mark.parametrize(
    "args, sqlstate",
    [
        ((0, "x", None), "22023"),
        ((100001, "x", None), "22023"),
        ((None, "x", None), "22023"),
        ((5, None, None), "22023"),
        ((5, "Bad Reason", None), "22023"),
        ((5, "badge:first_mashup", None), "22023"),
        ((5, "x" * 65, None), "22023"),
        ((5, "x", "total_plays"), "22023"),
    ],
)
def test_award_refuses_bad_input(db: Db, args: tuple, sqlstate: str) -> None:
    u = db.user()
    amount, reason, counter = args
    db.as_service()
    with db.refused(sqlstate):
        award(db, u, amount, reason, None, counter=counter)
    assert db.as_admin().val("select count(*) from public.xp_transactions") == 0


def test_award_refuses_unknown_user(db: Db) -> None:
    db.as_service()
    with db.refused("P0002"):
        award(db, uuid.uuid4(), 5)


@pytest.mark.parametrize("who", ["user", "self", "anon"])
def test_clients_cannot_award(db: Db, who: str) -> None:
    u = db.user()
    if who == "anon":
        db.as_anon()
    else:
        db.as_user(u if who == "self" else db.user())
    with db.refused("42501"):
        award(db, u, 999)
    with db.refused("42501"):
        db.all("update public.user_gamification set total_xp = 999999 where user_id = %s", (u,))
    assert db.as_admin().val("select count(*) from public.xp_transactions") == 0


def test_publish_trigger(db: Db) -> None:
    u = db.user()
    db.as_user(u)
    mid = db.val(
        "insert into public.mashups (creator_id, title) values (%s, 'draft') returning id", (u,)
    )
    assert db.as_admin().val("select count(*) from public.xp_transactions") == 0
    db.as_user(u)
    db.all("update public.mashups set status = 'published' where id = %s", (mid,))
    assert ledger(db, u) == [("badge:first_mashup", 25, None), ("mashup_published", 50, mid)]
    assert state(db, u)[0] == 75 and state(db, u)[4] == 1
    # unpublish + republish earns nothing more
    db.as_user(u)
    db.all("update public.mashups set status = 'draft' where id = %s", (mid,))
    db.all("update public.mashups set status = 'published' where id = %s", (mid,))
    db.all("update public.mashups set title = 'renamed' where id = %s", (mid,))
    assert state(db, u)[0] == 75 and state(db, u)[4] == 1


def test_like_trigger(db: Db) -> None:
    creator, fan = db.user(), db.user()
    m = db.mashup(creator)
    before = state(db, creator)
    db.as_user(creator)
    db.all("insert into public.mashup_likes (user_id, mashup_id) values (%s, %s)", (creator, m))
    assert state(db, creator) == before  # self-like: nothing
    db.as_user(fan)
    db.all("insert into public.mashup_likes (user_id, mashup_id) values (%s, %s)", (fan, m))
    after = state(db, creator)
    assert after[0] == before[0] + 5 + 10  # +5, and first_like (+10)
    assert after[5] == 1 and "first_like" in badges(db, creator)
    assert after[2] == before[2]  # likes received are not streak activity
    db.as_user(fan)
    db.all("delete from public.mashup_likes where user_id = %s and mashup_id = %s", (fan, m))
    db.all("insert into public.mashup_likes (user_id, mashup_id) values (%s, %s)", (fan, m))
    assert state(db, creator) == after  # unlike/re-like earns nothing
    assert db.as_admin().val(
        "select count(*) from public.xp_transactions where user_id = %s", (fan,)
    ) == 0
