"""0023 + functions/{gamification,likes,analytics,tiers}.sql: value follows the live facts.

Each test is an attack as a PostgREST client would send it (`set local role
authenticated` + `request.jwt.claims`), showing it fails with the real SQLSTATE or
changes nothing, next to the legitimate action that still works."""

from __future__ import annotations

import json
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .kit import Db

STATE = (
    "select g.total_xp, g.current_level, g.total_mashups, g.total_likes_received, "
    "g.total_plays from public.user_gamification as g where g.user_id = %s"
)


def state(db: Db, user) -> tuple:
    """(total_xp, level, total_mashups, total_likes_received, total_plays); zeros if no row."""
    rows = db.as_admin().all(STATE, (user,))
    return rows[0] if rows else (0, 1, 0, 0, 0)


def badges(db: Db, user) -> set[str]:
    rows = db.as_admin().all("select badge_id from public.user_badges where user_id = %s", (user,))
    return {r[0] for r in rows}


def ledger_total(db: Db, user) -> int:
    return db.as_admin().val(
        "select coalesce(sum(amount), 0) from public.xp_transactions where user_id = %s", (user,)
    )


def publish(db: Db, user, status: str = "published") -> uuid.UUID:
    db.as_user(user)
    return db.val(
        "insert into public.mashups (creator_id, title, status) values (%s, 't', %s) returning id",
        (user, status),
    )


def like(db: Db, user, mashup) -> None:
    db.as_user(user)
    db.all("insert into public.mashup_likes (user_id, mashup_id) values (%s, %s)", (user, mashup))


def unlike(db: Db, user, mashup) -> None:
    db.as_user(user)
    assert db.rowcount(
        "delete from public.mashup_likes where user_id = %s and mashup_id = %s", (user, mashup)
    ) == 1


def delete(db: Db, user, mashup) -> None:
    db.as_user(user)
    assert db.rowcount("delete from public.mashups where id = %s", (mashup,)) == 1


def play(db: Db, mashup, headers: dict[str, str] | None = None):
    """log_analytics_event(mashup, 'play') as the current persona, with PostgREST's
    request.headers when given."""
    if headers is not None:
        db.all("select set_config('request.headers', %s, true)", (json.dumps(headers),))
    return db.val("select public.log_analytics_event(%s, 'play')", (mashup,))


def used_uploads(db: Db, user) -> int:
    db.as_user(user)
    return db.one("select used from public.check_usage_limit('mashup_upload')")[0]


# --- invariant 3: no value from disposable mashups ----------------------------------------
def test_publish_delete_loop_earns_nothing_and_uses_the_monthly_limit(db: Db) -> None:
    u = db.user()
    kept = publish(db, u)  # the legitimate upload keeps its value
    assert state(db, u)[:3] == (75, 1, 1) and badges(db, u) == {"first_mashup"}
    for n in range(4):
        m = publish(db, u)
        assert state(db, u)[:3] == (125, 2, 2)
        delete(db, u, m)
        assert state(db, u)[:3] == (75, 1, 1)  # the throw-away mashup took its XP along
        assert used_uploads(db, u) == n + 2  # but not its upload unit
    db.as_user(u)
    with db.refused("42501", "monthly mashup_upload limit reached: 5 of 5"):
        publish(db, u)
    assert ledger_total(db, u) == 75 and badges(db, u) == {"first_mashup"}
    assert db.as_admin().val("select count(*) from public.mashups where creator_id = %s", (u,)) == 1
    delete(db, u, kept)
    assert state(db, u)[:3] == (0, 1, 0) and badges(db, u) == set() and ledger_total(db, u) == 0


def test_deleted_uploads_count_only_in_the_month_they_were_made(db: Db) -> None:
    u = db.user()
    old = db.mashup(u)
    db.as_admin().all(
        "update public.mashups set created_at = now() - interval '40 days' where id = %s", (old,)
    )
    delete(db, u, old)
    assert used_uploads(db, u) == 0  # a mashup of an earlier month is not this month's upload
    m = publish(db, u)
    delete(db, u, m)
    assert used_uploads(db, u) == 1
    db.as_admin().all(
        "update public.user_gamification set deleted_uploads_month = deleted_uploads_month - 31 "
        "where user_id = %s", (u,))
    assert used_uploads(db, u) == 0  # next month the counter no longer applies


def test_unpublish_takes_the_publish_xp_back(db: Db) -> None:
    u = db.user()
    m = publish(db, u)
    db.as_user(u)
    db.all("update public.mashups set status = 'draft' where id = %s", (m,))
    assert state(db, u)[:3] == (0, 1, 0) and badges(db, u) == set()
    db.all("update public.mashups set status = 'published' where id = %s", (m,))
    assert state(db, u)[:3] == (75, 1, 1) and ledger_total(db, u) == 75


def test_throwaway_likes_by_a_second_account_earn_no_badge(db: Db) -> None:
    creator, sock = db.user(), db.user()
    db.as_service()  # a rare badge at 3 likes received, like crowd_pleaser at 100
    db.all("insert into public.badges (id, name, description, category, rarity, xp_reward, "
           "condition_type, condition_value) values ('rare_3', 'r', 'r', 'social', 'rare', 300, "
           "'total_likes_received', 3)")
    throwaways = [publish(db, creator) for _ in range(3)]
    for m in throwaways:
        like(db, sock, m)
    assert badges(db, creator) == {"first_mashup", "first_like", "rare_3"}
    assert state(db, creator)[3] == 3
    for m in throwaways:
        delete(db, creator, m)
    assert badges(db, creator) == set()
    assert state(db, creator)[:4] == (0, 1, 0, 0) and ledger_total(db, creator) == 0


def test_unlike_and_relike_is_net_zero(db: Db) -> None:
    creator, fan = db.user(), db.user()
    m = db.mashup(creator)
    base = state(db, creator)[0]
    like(db, fan, m)
    assert state(db, creator)[0] == base + 5 + 10 and "first_like" in badges(db, creator)
    for _ in range(3):
        unlike(db, fan, m)
        assert state(db, creator)[0] == base and "first_like" not in badges(db, creator)
        like(db, fan, m)
    assert state(db, creator)[0] == base + 15 and state(db, creator)[3] == 1
    assert ledger_total(db, creator) == state(db, creator)[0]


def test_a_deleted_mashup_takes_its_plays_along(db: Db) -> None:
    creator = db.user()
    a, b = db.mashup(creator), db.mashup(creator)
    for m, listeners in ((a, 2), (b, 1)):
        for _ in range(listeners):
            db.as_user(db.user())
            assert play(db, m) is not None
    db.as_user(creator)
    assert db.val("select g.total_plays from public.user_gamification as g") == 3
    delete(db, creator, a)
    db.as_user(creator)
    assert db.val("select g.total_plays from public.user_gamification as g") == 1
    assert state(db, creator)[4] == 1


def test_clients_cannot_write_the_new_columns(db: Db) -> None:
    u = db.user()
    m = publish(db, u)
    db.as_user(u)
    with db.refused("42501"):
        db.all("update public.user_gamification set deleted_uploads = 0 where user_id = %s", (u,))
    with db.refused("42501"):
        db.all("update public.mashups set like_count = 999 where id = %s", (m,))
    with db.refused("42501"):
        db.all("update public.xp_transactions set mashup_id = null where user_id = %s", (u,))


def test_truncating_the_ledger_resets_what_it_backed(db: Db) -> None:
    creator, fan = db.user(), db.user()
    m = db.mashup(creator)
    like(db, fan, m)
    db.as_service()
    db.all("insert into public.user_badges (user_id, badge_id) values (%s, 'streak_4')",
           (creator,))
    db.all("truncate public.mashups cascade")  # reaches the ledger through its mashup_id
    assert state(db, creator) == (0, 1, 0, 0, 0) and badges(db, creator) == {"streak_4"}
    assert ledger_total(db, creator) == 0


# --- invariant 5 (counters): like_count is maintained, and ranks the fallback ---------------
def test_like_count_follows_likes_and_ranks_the_fallback(db: Db) -> None:
    creator = db.user()
    top, second = db.mashup(creator), db.mashup(creator)
    fans = [db.user() for _ in range(3)]
    edited = db.as_admin().val("select updated_at from public.mashups where id = %s", (top,))
    for f in fans:
        like(db, f, top)
    like(db, fans[0], second)
    like(db, fans[1], second)
    unlike(db, fans[0], second)
    counts = dict(db.as_admin().all(
        "select id, like_count from public.mashups where id in (%s, %s)", (top, second)))
    assert counts == {top: 3, second: 1}
    updated = db.as_admin().val("select updated_at from public.mashups where id = %s", (top,))
    assert updated == edited  # a like is not an edit
    newcomer = db.user()
    db.as_user(newcomer)
    ranked = [r[0] for r in db.all("select id from public.recommend_mashups(10)")]
    assert ranked.index(top) < ranked.index(second)


# --- invariant 6: engagement analytics cannot be forged -----------------------------------
def test_like_comment_save_events_cannot_be_logged(db: Db) -> None:
    creator, liar = db.user(), db.user()
    m = db.mashup(creator)
    for who in (lambda: db.as_user(liar), db.as_anon, db.as_service):
        who()
        for kind in ("like", "comment"):
            with db.refused("42501", "recorded by the action itself"):
                db.val("select public.log_analytics_event(%s, %s)", (m, kind))
    for who in (lambda: db.as_user(liar), db.as_anon):
        who()
        with db.refused("42501"):
            db.val("select public.log_analytics_event(%s, 'save')", (m,))
    assert db.as_admin().val("select count(*) from public.analytics_events") == 0
    db.as_service()  # the server, which knows real saves, may log one
    assert db.val("select public.log_analytics_event(%s, 'save')", (m,)) > 0


def test_likes_and_comments_log_their_own_events(db: Db) -> None:
    creator, fan = db.user(), db.user()
    m = db.mashup(creator)
    like(db, fan, m)
    db.as_user(fan)
    cid = db.val("insert into public.mashup_comments (mashup_id, user_id, body) "
                 "values (%s, %s, 'nice') returning id", (m, fan))
    events = "select event_type, user_id from public.analytics_events order by event_type"
    assert db.as_admin().all(events) == [("comment", fan), ("like", fan)]
    rollup = "select likes, comments from public.analytics_daily_rollup where mashup_id = %s"
    assert db.as_admin().one(rollup, (m,)) == (1, 1)
    db.as_user(creator)
    assert db.one("select likes, comments from public.creator_analytics_timeseries('day', 1)") \
        == (1, 1)
    unlike(db, fan, m)
    db.as_user(fan)
    db.all("delete from public.mashup_comments where id = %s", (cid,))
    assert db.as_admin().all(events) == []
    assert db.as_admin().one(rollup, (m,)) == (0, 0)


def test_plays_count_once_per_listener_and_window(db: Db) -> None:
    creator, fan, other = db.user(), db.user(), db.user()
    m, m2 = db.mashup(creator), db.mashup(creator)
    db.as_user(fan)
    assert play(db, m) is not None
    assert [play(db, m) for _ in range(5)] == [None] * 5  # a replay loop counts nothing
    assert play(db, m2) is not None  # another mashup is another play
    db.as_user(other)
    assert play(db, m) is not None  # another listener too
    db.as_anon()
    assert play(db, m, {"cf-connecting-ip": "203.0.113.7"}) is not None
    assert play(db, m, {"cf-connecting-ip": "203.0.113.7"}) is None
    assert play(db, m, {"cf-connecting-ip": "203.0.113.8"}) is not None
    # a forged first x-forwarded-for hop does not make a new listener: the last hop counts
    assert play(db, m, {"x-forwarded-for": "198.51.100.1, 192.0.2.9"}) is not None
    assert play(db, m, {"x-forwarded-for": "198.51.100.2, 192.0.2.9"}) is None
    # without any address, anonymous plays share one listener (fail closed)
    db.all("select set_config('request.headers', '', true)")
    assert play(db, m) is not None and play(db, m) is None
    db.as_service()  # the server's own plays are not de-duplicated
    assert play(db, m) is not None and play(db, m) is not None
    assert db.as_admin().val(
        "select count(*) from public.analytics_events where event_type = 'play'") == 9
    assert db.val("select sum(plays) from public.analytics_daily_rollup") == 9
    assert state(db, creator)[4] == 9


def test_plays_of_a_creator_without_xp_are_readable(db: Db) -> None:
    """A draft earns no XP, so its creator had no user_gamification row and the computed
    total_plays could not be read; the first play now creates the (empty) row."""
    creator, fan = db.user(), db.user()
    m = db.mashup(creator, status="draft")
    assert db.as_admin().all(STATE, (creator,)) == []
    db.as_user(creator)
    assert play(db, m) is not None
    assert db.as_admin().all(STATE, (creator,)) == [(0, 1, 0, 0, 1)]
    db.as_user(fan)  # the fan cannot see the draft: no play, and no row for the fan
    assert db.as_admin().all(STATE, (fan,)) == []


def test_the_dedupe_window_is_a_half_hour(db: Db) -> None:
    m, fan = db.mashup(db.user()), db.user()
    db.as_service()
    key = "select public.analytics_play_key(%s, %s, %s::timestamptz)"
    assert db.val(key, (m, "user:x", "2026-01-01 10:00:00Z")) == db.val(
        key, (m, "user:x", "2026-01-01 10:29:59.999Z"))
    assert db.val(key, (m, "user:x", "2026-01-01 10:29:59Z")) != db.val(
        key, (m, "user:x", "2026-01-01 10:30:00Z"))
    assert db.val(key, (m, "user:x", "2026-01-01 10:00Z")) != db.val(
        key, (m, "user:y", "2026-01-01 10:00Z"))
    # the listener's play of the previous window does not stop this window's play
    db.all("insert into public.analytics_events (user_id, mashup_id, event_type, dedupe_key, "
           "created_at) values (%s, %s, 'play', public.analytics_play_key(%s, %s, now() - "
           "interval '30 minutes'), now() - interval '30 minutes')",
           (fan, m, m, f"user:{fan}"))
    db.as_user(fan)
    assert play(db, m) is not None
    assert play(db, m) is None


# --- property: any sequence keeps user_gamification equal to the live tables --------------
RECOMPUTE = """
select
  (select count(*) from public.mashups as m where m.creator_id = u.id and m.status = 'published'),
  (select count(*) from public.mashup_likes as l join public.mashups as m on m.id = l.mashup_id
   where m.creator_id = u.id and l.user_id <> u.id),
  (select count(*) from public.analytics_events as e join public.mashups as m on m.id = e.mashup_id
   where m.creator_id = u.id and e.event_type = 'play'),
  (select coalesce(sum(x.amount), 0) from public.xp_transactions as x where x.user_id = u.id)
from (select %s::uuid as id) as u
"""

MASHUP = st.integers(0, 7)
OPS = st.lists(
    st.one_of(
        st.tuples(st.just("publish"), st.integers(0, 2), st.sampled_from(["published", "draft"])),
        st.tuples(st.just("toggle"), MASHUP),
        st.tuples(st.just("delete"), MASHUP),
        st.tuples(st.just("like"), st.integers(0, 2), MASHUP),
        st.tuples(st.just("unlike"), st.integers(0, 2), MASHUP),
        st.tuples(st.just("play"), st.integers(0, 3), MASHUP),  # listener 3 = anonymous
        st.tuples(st.just("comment"), st.integers(0, 2), MASHUP),
    ),
    max_size=30,
)


class World:
    """The test's model of what happened: who made what, what is live and visible."""

    def __init__(self, db: Db) -> None:
        self.db = db
        self.users = [db.user() for _ in range(3)]
        self.made: list[uuid.UUID] = []
        self.live: dict[uuid.UUID, list] = {}  # id -> [creator index, status]
        self.created = [0, 0, 0]
        self.likes: set[tuple[int, uuid.UUID]] = set()
        self.played: set[tuple[int, uuid.UUID]] = set()

    def pick(self, i: int) -> uuid.UUID | None:
        return self.made[i % len(self.made)] if self.made else None

    def visible(self, who: int, m: uuid.UUID) -> bool:
        return m in self.live and (self.live[m][1] == "published" or self.live[m][0] == who)

    def act(self, who: int) -> None:
        self.db.as_anon() if who == 3 else self.db.as_user(self.users[who])

    def apply(self, op: tuple) -> None:  # noqa: C901 - one branch per operation
        db, kind = self.db, op[0]
        if kind == "publish":
            _, who, status = op
            if self.created[who] >= 5:
                with db.refused("42501", "limit reached"):
                    publish(db, self.users[who], status)
                return
            m = publish(db, self.users[who], status)
            self.made.append(m)
            self.live[m] = [who, status]
            self.created[who] += 1
            return
        m = self.pick(op[-1])
        if m is None or (kind in ("toggle", "delete") and m not in self.live):
            return
        if kind == "toggle":
            who, status = self.live[m]
            new = "draft" if status == "published" else "published"
            self.act(who)
            db.all("update public.mashups set status = %s where id = %s", (new, m))
            self.live[m][1] = new
        elif kind == "delete":
            delete(db, self.users[self.live.pop(m)[0]], m)
            self.likes = {(u, x) for u, x in self.likes if x != m}
        elif kind == "like":
            who = op[1]
            if (who, m) in self.likes:
                return
            if not self.visible(who, m):
                self.act(who)
                with db.refused("42501"):  # RLS: not a mashup the liker can see
                    like(db, self.users[who], m)
                return
            like(db, self.users[who], m)
            self.likes.add((who, m))
        elif kind == "unlike":
            who = op[1]
            self.act(who)
            n = db.rowcount("delete from public.mashup_likes where user_id = %s and mashup_id = %s",
                            (self.users[who], m))
            assert n == ((who, m) in self.likes)
            self.likes.discard((who, m))
        elif kind == "play":
            who = op[1]
            self.act(who)
            if not self.visible(who, m):
                with db.refused("P0002"):
                    play(db, m)
                return
            assert (play(db, m) is not None) == ((who, m) not in self.played)
            self.played.add((who, m))
        elif kind == "comment":
            who = op[1]
            if self.visible(who, m):
                self.act(who)
                db.all("insert into public.mashup_comments (mashup_id, user_id, body) "
                       "values (%s, %s, 'hi')", (m, self.users[who]))

    def check(self) -> None:
        db = self.db
        for i, u in enumerate(self.users):
            mashups, likes, plays, ledger = db.as_admin().one(RECOMPUTE, (u,))
            xp = 50 * mashups + 5 * likes + (25 if mashups else 0) + (10 if likes else 0)
            level = db.val("select public.xp_level(%s)", (xp,))
            assert state(db, u) == (xp, level, mashups, likes, plays)
            assert ledger == xp
            assert badges(db, u) == {b for b, ok in (("first_mashup", mashups),
                                                     ("first_like", likes)) if ok}
            assert used_uploads(db, u) == self.created[i]  # deleting refunds nothing
        assert db.as_admin().all(
            "select m.id from public.mashups as m where m.like_count <> "
            "(select count(*) from public.mashup_likes as l where l.mashup_id = m.id)") == []
        assert db.as_admin().all(
            "select r.mashup_id from public.analytics_daily_rollup as r where (r.plays, r.likes, "
            "r.comments) <> (select count(*) filter (where e.event_type = 'play'), "
            "count(*) filter (where e.event_type = 'like'), "
            "count(*) filter (where e.event_type = 'comment') from public.analytics_events as e "
            "where e.mashup_id = r.mashup_id)") == []
        assert db.as_admin().one(
            "select (select count(*) from public.analytics_events where event_type = 'like'), "
            "(select count(*) from public.mashup_likes), "
            "(select count(*) from public.analytics_events where event_type = 'comment'), "
            "(select count(*) from public.mashup_comments)") == (
            len(self.likes), len(self.likes), *(2 * [db.as_admin().val(
                "select count(*) from public.mashup_comments")]))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_any_sequence_keeps_gamification_equal_to_the_live_tables(db: Db, ops) -> None:
    with db.scratch():
        world = World(db)
        for op in ops:
            world.apply(op)
        world.check()
        db.as_admin()
