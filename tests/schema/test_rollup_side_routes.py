"""Side routes around the sharded rollup (0025) and its denormalised creator: no API role
writes a shard row, a deleted mashup takes every shard with it, readers see exact totals
while writers hold shards (commit and rollback, in a fixed order), and a mashup cannot be
moved to another creator (0028), which would leave its shards readable by the old one."""

from __future__ import annotations

import psycopg
import pytest
from helpers import REPO

from .kit import Db
from .test_hot_mashup_ingest import PLAYS, _held_play
from .test_live_counters_concurrency import query, setup_world

SHARD_WRITES = [
    "insert into public.analytics_daily_rollup (mashup_id, day, shard, creator_id, plays) "
    "values (%(m)s, current_date, 7, %(c)s, 1000)",
    "insert into public.analytics_daily_rollup (mashup_id, day, shard, creator_id, plays) "
    "values (%(m)s, current_date, 0, %(c)s, 1000) on conflict (mashup_id, day, shard) "
    "do update set plays = 1000",
    "update public.analytics_daily_rollup set plays = 1000 where mashup_id = %(m)s",
    "update public.analytics_daily_rollup set creator_id = %(c)s where mashup_id = %(m)s",
    "delete from public.analytics_daily_rollup where mashup_id = %(m)s",
]
TOTAL = ("select coalesce(sum(plays), 0)::int from public.analytics_daily_rollup "
         "where mashup_id = %s")


@pytest.mark.parametrize("sql", SHARD_WRITES)
@pytest.mark.parametrize("who", ["creator", "other", "service_role"])
def test_no_api_role_writes_a_shard_row(db: Db, sql: str, who: str) -> None:
    creator, other = db.user(), db.user()
    m = db.mashup(creator)
    db.as_anon()
    assert db.val(PLAYS, (m,)) is not None
    db.as_user(creator)
    assert db.val(TOTAL, (m,)) == 1  # the creator reads the shards of own mashups
    {"creator": lambda: db.as_user(creator), "other": lambda: db.as_user(other),
     "service_role": db.as_service}[who]()
    with db.refused("42501"):
        db.all(sql, {"m": m, "c": other if who == "other" else creator})
    db.as_admin()
    assert db.val(TOTAL, (m,)) == 1


def test_nobody_else_reads_the_shards(db: Db) -> None:
    creator, other = db.user(), db.user()
    m = db.mashup(creator)
    db.as_anon()
    assert db.val(PLAYS, (m,)) is not None
    with db.refused("42501"):  # anon has no grant on the rollup at all
        db.all("select * from public.analytics_daily_rollup")
    db.as_user(other)
    assert db.val(TOTAL, (m,)) == 0
    db.as_user(creator)
    assert db.val(TOTAL, (m,)) == 1


def _three_shards(url: str):
    """A committed warm-up play, then three plays held together (the first reuses the
    warm-up's shard): four plays in three shard rows of one (mashup, day), all committed;
    returns (creator, mashup)."""
    (creator,), (m,), fans = setup_world(url, 1, 1, 4)
    warm = _held_play(url, m, fans[3])
    warm.commit()
    warm.close()
    held = [_held_play(url, m, fan) for fan in fans[:3]]
    for conn in held:
        conn.commit()
        conn.close()
    assert query(url, "select count(*) from public.analytics_daily_rollup where mashup_id = %s",
                 (m,)) == [(3,)]
    return creator, m


def test_a_deleted_mashup_takes_every_shard_with_it(migrated_db: str) -> None:
    creator, m = _three_shards(migrated_db)
    (kept,) = setup_world(migrated_db, 1, 1, 0)[1]
    with psycopg.connect(migrated_db, autocommit=True) as conn:
        Db(conn).as_anon().val(PLAYS, (kept,))
    with psycopg.connect(migrated_db, autocommit=False) as conn:
        db = Db(conn).as_user(creator)
        assert db.rowcount("delete from public.mashups where id = %s", (m,)) == 1
        conn.commit()
    assert query(migrated_db, "select count(*) from public.analytics_daily_rollup "
                 "where mashup_id = %s", (m,)) == [(0,)]
    assert query(migrated_db, TOTAL, (kept,)) == [(1,)]


def test_readers_see_exact_totals_while_writers_hold_shards(migrated_db: str) -> None:
    """Fixed order: two plays hold two shards; a third play commits on a free one; one
    held play commits, the other rolls back. After each step a reader (the creator, under
    RLS) sees exactly the committed plays, and the raw events agree."""
    creator, m = _three_shards(migrated_db)  # 4 committed plays
    reader = psycopg.connect(migrated_db, autocommit=True)
    fans = setup_world(migrated_db, 0, 0, 3)[2]
    try:
        rdb = Db(reader)

        def seen() -> tuple[int, int]:
            reader.execute("begin")
            rdb.as_user(creator)
            got = (rdb.val(TOTAL, (m,)), rdb.val(
                "select count(*)::int from public.analytics_events where mashup_id = %s "
                "and event_type = 'play'", (m,)))
            reader.execute("rollback")
            return got

        a, b = _held_play(migrated_db, m, fans[0]), _held_play(migrated_db, m, fans[1])
        assert seen() == (4, 4)
        c = _held_play(migrated_db, m, fans[2])  # every shard but one is held: it takes it
        c.commit()
        assert seen() == (5, 5)
        a.commit()
        assert seen() == (6, 6)
        b.rollback()  # a play that never happened leaves no trace in any shard
        assert seen() == (6, 6)
        for conn in (a, b, c):
            conn.close()
    finally:
        reader.close()
    assert query(migrated_db, "select count(*) from public.analytics_daily_rollup "
                 "where mashup_id = %s", (m,)) == [(3,)]  # no shard was added


# --- the denormalised creator (0028) -----------------------------------------------------------
def test_a_mashup_cannot_be_moved_to_another_creator(db: Db) -> None:
    creator, other = db.user(), db.user()
    m = db.mashup(creator)
    db.as_anon()
    db.val(PLAYS, (m,))
    for who in (lambda: db.as_user(creator), db.as_service):
        who()
        with db.refused("42501"):
            db.all("update public.mashups set creator_id = %s where id = %s", (other, m))
    # service_role keeps every other column
    db.as_service()
    assert db.rowcount("update public.mashups set visibility = 'unlisted', like_count = 0, "
                       "title = 'renamed', updated_at = now() where id = %s", (m,)) == 1
    db.as_user(other)
    assert db.val(TOTAL, (m,)) == 0
    db.as_user(creator)
    assert db.val(TOTAL, (m,)) == 1


def test_0028_gives_stale_shards_their_mashups_creator(db: Db) -> None:
    """A mashup moved before 0028 (the owner still can) left its shards with the old
    creator, who kept reading them. Running 0028's own SQL corrects exactly those rows."""
    old, new, bystander = db.user(), db.user(), db.user()
    moved, untouched = db.mashup(old), db.mashup(bystander)
    db.as_anon()
    db.val(PLAYS, (moved,))
    db.val(PLAYS, (untouched,))
    db.as_admin()
    db.all("update public.mashups set creator_id = %s where id = %s", (new, moved))
    db.as_user(old)
    assert db.val(TOTAL, (moved,)) == 1  # the leak 0028 closes
    db.as_admin()
    db.conn.execute((REPO / "sql/migrations/0028_mashup_creator_fixed.sql").read_text())
    db.as_user(old)
    assert db.val(TOTAL, (moved,)) == 0
    db.as_user(new)
    assert db.val(TOTAL, (moved,)) == 1
    db.as_user(bystander)
    assert db.val(TOTAL, (untouched,)) == 1


def test_0028_rollback_restores_the_table_wide_grant(db: Db) -> None:
    sql = (REPO / "sql/migrations/0028_mashup_creator_fixed.rollback.sql").read_text()
    privilege = ("select has_table_privilege('service_role', 'public.mashups', 'update'), "
                 "has_column_privilege('service_role', 'public.mashups', 'creator_id', 'update')")
    assert db.one(privilege) == (False, False)
    db.conn.execute(sql)
    assert db.one(privilege) == (True, True)
