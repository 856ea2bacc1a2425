"""A hot mashup's plays: concurrent plays of ONE mashup never wait for each other (the
rollup is sharded, 0025), and the rollup stays exact in every snapshot — while eight
sessions log plays, every read sees the sum of the shards equal to the raw events."""

from __future__ import annotations

import threading

import psycopg

from .kit import SESSIONS, Db, run_sessions
from .test_live_counters_concurrency import query, setup_world

PLAYS = "select public.log_analytics_event(%s, 'play')"
EXACT = (
    "select (select coalesce(sum(plays), 0) from public.analytics_daily_rollup "
    "where mashup_id = %(m)s), (select count(*) from public.analytics_events "
    "where mashup_id = %(m)s and event_type = 'play')"
)


def _held_play(url: str, mashup, fan) -> psycopg.Connection:
    """A session holding an uncommitted play of `mashup` by `fan`."""
    conn = psycopg.connect(url, autocommit=False)
    Db(conn).as_user(fan)
    assert conn.execute(PLAYS, (mashup,)).fetchone()[0] is not None
    return conn


def test_a_play_never_waits_for_another_uncommitted_play_of_the_same_mashup(
    migrated_db: str,
) -> None:
    _, (m,), fans = setup_world(migrated_db, 1, 1, 4)
    # the creator's user_gamification row exists before: the first play ever inserts it
    warm = _held_play(migrated_db, m, fans[3])
    warm.commit()
    warm.close()
    held = [_held_play(migrated_db, m, fans[0]), _held_play(migrated_db, m, fans[1])]
    b = psycopg.connect(migrated_db, autocommit=False)
    try:
        db_b = Db(b).as_user(fans[2])
        db_b.all("set local lock_timeout = '200ms'")
        # two plays of m are in flight, holding two shard rows; this one takes a third
        assert db_b.val(PLAYS, (m,)) is not None
        # the control: the same listener's play in the same half hour does wait (its
        # dedupe key is held by an uncommitted insert), so lock_timeout is in force
        with db_b.refused("55P03"):
            db_b.as_user(fans[0])
            db_b.val(PLAYS, (m,))
        b.commit()
        for conn in held:
            conn.commit()
    finally:
        b.close()
        for conn in held:
            conn.close()
    assert query(migrated_db, EXACT, {"m": m}) == [(4, 4)]
    shards = query(migrated_db, "select count(*) from public.analytics_daily_rollup "
                   "where mashup_id = %s", (m,))[0][0]
    assert shards == 3  # the warm-up's row, reused by the first held play, plus two more


def test_eight_sessions_on_one_mashup_exact_in_every_snapshot(migrated_db: str) -> None:
    _, (m,), _ = setup_world(migrated_db, 1, 1, 0)
    loops = 25
    stop = threading.Event()
    seen: list[tuple[int, int]] = []

    def reader() -> None:
        with psycopg.connect(migrated_db, autocommit=True) as conn:
            while not stop.is_set() and len(seen) < 5000:  # bounded
                seen.append(conn.execute(EXACT, {"m": m}).fetchone())

    def work(db: Db, i: int) -> None:
        for _ in range(loops):
            db.as_service()  # the server's plays are not de-duplicated
            assert db.val(PLAYS, (m,)) is not None
            db.conn.commit()

    watcher = threading.Thread(target=reader)
    watcher.start()
    try:
        assert run_sessions(migrated_db, work) == []
    finally:
        stop.set()
        watcher.join(timeout=60)
    assert seen and all(rollup == events for rollup, events in seen)
    assert query(migrated_db, EXACT, {"m": m}) == [(SESSIONS * loops, SESSIONS * loops)]


def test_deleting_events_subtracts_from_the_shards_exactly(migrated_db: str) -> None:
    _, (m,), fans = setup_world(migrated_db, 1, 1, 3)
    warm = _held_play(migrated_db, m, fans[2])
    warm.commit()
    warm.close()
    held = [_held_play(migrated_db, m, fans[0]), _held_play(migrated_db, m, fans[1])]
    for conn in held:
        conn.commit()
        conn.close()
    with psycopg.connect(migrated_db, autocommit=True) as conn:
        assert conn.execute("select count(*) from public.analytics_daily_rollup "
                            "where mashup_id = %s", (m,)).fetchone()[0] == 2
        conn.execute("delete from public.analytics_events where id in (select id from "
                     "public.analytics_events where mashup_id = %s order by id limit 2)", (m,))
    assert query(migrated_db, EXACT, {"m": m}) == [(1, 1)]
