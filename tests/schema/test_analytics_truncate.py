"""Truncating mashups (cascading to analytics) empties the rollup instead of failing."""

from __future__ import annotations

from helpers import query


def test_truncate_mashups_cascade_empties_the_rollup(migrated_db):
    query(
        migrated_db,
        "insert into auth.users (id, email) values ('00000000-0000-0000-0000-0000000000a1', 'a@x')",
    )
    query(
        migrated_db,
        "insert into public.mashups (creator_id, title, status) values "
        "('00000000-0000-0000-0000-0000000000a1', 'm', 'published')",
    )
    query(
        migrated_db,
        "insert into public.analytics_events (mashup_id, event_type) "
        "select id, 'play' from public.mashups",
    )
    assert query(migrated_db, "select sum(plays) from public.analytics_daily_rollup") == [(1,)]
    query(migrated_db, "truncate public.mashups cascade")
    assert query(migrated_db, "select count(*) from public.analytics_daily_rollup") == [(0,)]
    assert query(migrated_db, "select count(*) from public.analytics_events") == [(0,)]
