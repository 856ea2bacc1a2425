"""Invariant 9 for likes and plays: no client request fails, or waits, because of another
client's timing. Real concurrent sessions (threads, one connection each, committed data
in a database of their own), bounded loops, exact totals afterwards."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable

import psycopg

from .kit import SESSIONS, Db, run_sessions


def setup_world(url: str, creators: int, per_creator: int, listeners: int):
    """Creators with published mashups, and listeners; committed."""
    with psycopg.connect(url, autocommit=True) as conn:
        db = Db(conn)
        cs = [db.user() for _ in range(creators)]
        ms = [db.mashup(c) for c in cs for _ in range(per_creator)]
        ls = [db.user() for _ in range(listeners)]
    return cs, ms, ls


def query(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(sql, params).fetchall()


def test_bulk_likes_in_different_orders_never_deadlock(migrated_db: str) -> None:
    creators, mashups, likers = setup_world(migrated_db, 4, 2, SESSIONS)
    rounds = 6

    def work(db: Db, i: int) -> None:
        rng = random.Random(i)
        me = likers[i]
        for r in range(rounds):
            order = rng.sample(mashups, len(mashups))
            db.as_user(me)
            db.all("insert into public.mashup_likes (user_id, mashup_id) values "
                   + ", ".join(["(%s, %s)"] * len(order)),
                   tuple(x for m in order for x in (me, m)))
            db.conn.commit()
            if r < rounds - 1:
                db.as_user(me)
                db.all("delete from public.mashup_likes where user_id = %s", (me,))
                db.conn.commit()

    assert run_sessions(migrated_db, work) == []  # no 40P01 (nor anything else)
    assert query(migrated_db, "select distinct like_count from public.mashups "
                 "where id = any(%s)", (mashups,)) == [(SESSIONS,)]
    got = query(migrated_db,
                "select g.user_id, g.total_xp, g.total_likes_received, "
                "(select sum(amount) from public.xp_transactions as x where x.user_id = g.user_id) "
                "from public.user_gamification as g where g.user_id = any(%s)", (creators,))
    # 2 mashups x 50, first_mashup 25, 16 likes x 5, first_like 10
    assert sorted(got) == sorted((c, 215, 2 * SESSIONS, 215) for c in creators)
    assert query(migrated_db, "select (select count(*) from public.analytics_events "
                 "where event_type = 'like'), (select sum(likes)::int from "
                 "public.analytics_daily_rollup)") == [(8 * SESSIONS, 8 * SESSIONS)]


def test_plays_by_eight_sessions_are_exact_and_deduplicated(migrated_db: str) -> None:
    creators, mashups, listeners = setup_world(migrated_db, 2, 3, SESSIONS)
    loops = 5

    def work(db: Db, i: int) -> None:
        rng = random.Random(i)
        for _ in range(loops):
            for m in rng.sample(mashups, len(mashups)):
                if i % 2:
                    db.as_user(listeners[i])
                else:  # anonymous listeners, one address each
                    db.as_anon()
                    db.all("select set_config('request.headers', %s, true)",
                           (f'{{"cf-connecting-ip": "192.0.2.{i}"}}',))
                db.val("select public.log_analytics_event(%s, 'play')", (m,))
                db.conn.commit()

    assert run_sessions(migrated_db, work) == []
    # each listener counts once per mashup and half hour, however often it replays (a run
    # that straddles a :00/:30 boundary counts a second window for some listeners)
    events = query(migrated_db, "select count(*) from public.analytics_events")[0][0]
    windows = query(migrated_db, "select count(distinct date_bin('30 minutes', created_at, "
                    "timestamptz '2000-01-01')) from public.analytics_events")[0][0]
    once = SESSIONS * len(mashups)
    assert events == once if windows == 1 else once < events <= once * windows
    rollup = query(migrated_db, "select sum(plays) from public.analytics_daily_rollup")[0][0]
    assert rollup == events
    totals = query(migrated_db, "select g.total_plays from public.user_gamification as g "
                   "where g.user_id = any(%s)", (creators,))
    assert sum(t[0] for t in totals) == events


def test_a_play_never_waits_for_a_play_of_another_mashup_of_the_same_creator(
    migrated_db: str,
) -> None:
    _, (m1, m2), (fan_a, fan_b) = setup_world(migrated_db, 1, 2, 2)
    a = psycopg.connect(migrated_db, autocommit=False)
    b = psycopg.connect(migrated_db, autocommit=False)
    try:
        Db(a).as_user(fan_a)
        assert a.execute("select public.log_analytics_event(%s, 'play')", (m1,)).fetchone()[0]
        # a holds its play on m1 uncommitted; b, on m2 of the same creator, must not wait
        db_b = Db(b).as_user(fan_b)
        db_b.all("set local lock_timeout = '200ms'")
        assert db_b.val("select public.log_analytics_event(%s, 'play')", (m2,)) is not None
        # the control: fan_a's own replay of m1 in this half hour does wait for a (the
        # uncommitted dedupe key), so the lock_timeout above would have caught a wait
        # (plays of one mashup by different listeners do not wait either since 0025:
        # test_hot_mashup_ingest.py)
        with db_b.refused("55P03"):
            db_b.as_user(fan_a)
            db_b.val("select public.log_analytics_event(%s, 'play')", (m1,))
        b.commit()
        a.commit()
    finally:
        a.close()
        b.close()
    assert query(migrated_db, "select sum(plays) from public.analytics_daily_rollup")[0][0] == 2


def _wait_until_blocked(url: str, pid: int, alive: Callable[[], bool]) -> None:
    with psycopg.connect(url, autocommit=True) as watch:
        for _ in range(3000):  # bounded: until the session waits on a lock
            waiting = watch.execute(
                "select exists (select 1 from pg_locks where pid = %s and not granted)", (pid,)
            ).fetchone()[0]
            if waiting or not alive():
                return
            watch.execute("select pg_sleep(0.01)")


def _race_log_against_delete(url: str, commit_delete: bool) -> dict[str, object]:
    (creator,), (m,), _ = setup_world(url, 1, 1, 0)
    deleter = psycopg.connect(url, autocommit=False)
    logger = psycopg.connect(url, autocommit=False)
    outcome: dict[str, object] = {}
    try:
        Db(deleter).as_user(creator)
        assert deleter.execute("delete from public.mashups where id = %s", (m,)).rowcount == 1
        pid = logger.info.backend_pid

        def log() -> None:
            d = Db(logger).as_anon()
            try:
                outcome["id"] = d.val("select public.log_analytics_event(%s, 'play')", (m,))
            except psycopg.Error as exc:
                outcome["sqlstate"] = exc.sqlstate
            logger.rollback()

        t = threading.Thread(target=log)
        t.start()
        _wait_until_blocked(url, pid, t.is_alive)
        deleter.commit() if commit_delete else deleter.rollback()
        t.join(timeout=60)
    finally:
        deleter.close()
        logger.close()
    return outcome


def test_log_racing_a_mashup_delete_is_not_found_not_a_foreign_key_error(
    migrated_db: str,
) -> None:
    assert _race_log_against_delete(migrated_db, commit_delete=True) == {"sqlstate": "P0002"}


def test_log_racing_a_rolled_back_delete_succeeds(migrated_db: str) -> None:
    outcome = _race_log_against_delete(migrated_db, commit_delete=False)
    assert set(outcome) == {"id"} and isinstance(outcome["id"], int)


def test_eight_sessions_farming_publish_delete_get_five_uploads_and_no_xp(
    migrated_db: str,
) -> None:
    _, _, (u,) = setup_world(migrated_db, 0, 0, 1)
    made: list[int] = []
    refused: list[str] = []

    def work(db: Db, i: int) -> None:
        for _ in range(3):  # bounded: each session tries three publish/delete rounds
            db.as_user(u)
            try:
                m = db.val("insert into public.mashups (creator_id, title, status) "
                           "values (%s, 'farm', 'published') returning id", (u,))
            except psycopg.Error as exc:  # the monthly limit, never a race's error
                refused.append(exc.sqlstate or "?")
                db.conn.rollback()
                continue
            db.conn.commit()
            made.append(1)
            db.as_user(u)
            assert db.rowcount("delete from public.mashups where id = %s", (m,)) == 1
            db.conn.commit()

    assert run_sessions(migrated_db, work) == []
    assert len(made) == 5 and set(refused) == {"42501"} and len(refused) == 3 * SESSIONS - 5
    assert query(migrated_db, "select total_xp, total_mashups, deleted_uploads, "
                 "(select count(*) from public.xp_transactions where user_id = %s), "
                 "(select count(*) from public.user_badges where user_id = %s) "
                 "from public.user_gamification where user_id = %s", (u, u, u)) == [(0, 0, 5, 0, 0)]
