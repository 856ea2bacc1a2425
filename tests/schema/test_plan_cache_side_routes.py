"""A cached plan never carries one caller's id to the next. PostgreSQL re-plans a cached
statement when the role changes, but not when only the JWT subject does (the same
`authenticated` role serves every signed-in user, and a pooled session serves many):
the policies' `(select auth.uid())` InitPlans and the per-statement helpers
(collab_session_ids_of_caller(), the creator's mashup ids) must be evaluated again at
every execution of a generic plan, or user B would read what user A may."""

from __future__ import annotations

import pytest

from .kit import Db

READS = {
    "mashups": "select creator_id from public.mashups where id in ($1, $2)",
    "mashup_comments": "select m.creator_id from public.mashup_comments as c "
                       "join public.mashups as m on m.id = c.mashup_id "
                       "where c.mashup_id in ($1, $2)",
    "voice_rooms": "select host_id from public.voice_rooms where host_id in ($3, $4)",
    "collaboration_sessions": "select host_id from public.collaboration_sessions "
                              "where host_id in ($3, $4)",
    "analytics_daily_rollup": "select creator_id from public.analytics_daily_rollup "
                              "where mashup_id in ($1, $2)",
}


@pytest.mark.parametrize("table", sorted(READS))
def test_a_generic_plan_reads_as_the_current_caller(db: Db, table: str) -> None:
    a, b, fan = db.user(), db.user(), db.user()
    ma, mb = (db.mashup(u, visibility="private") for u in (a, b))
    for u, m in ((a, ma), (b, mb)):
        db.insert("mashup_comments", mashup_id=m, user_id=fan, body="on a private mashup")
        db.insert("analytics_events", mashup_id=m, event_type="play")
        db.as_user(u)
        db.val("select public.create_collab_session('own')")
        db.all("insert into public.voice_rooms (host_id, name) values (%s, 'own')", (u,))
    db.as_admin()
    db.all("set local plan_cache_mode = force_generic_plan")
    db.all(f"prepare side_route_read (uuid, uuid, uuid, uuid) as {READS[table]}")
    run = f"execute side_route_read ('{ma}', '{mb}', '{a}', '{b}')"  # uuids: safe literals
    try:
        for u in (a, b, a):  # the same prepared plan, three callers in turn
            db.as_user(u)
            assert db.all(run) == [(u,)]
        # the route was taken: every execution ran the one generic plan, none a custom one
        assert db.one("select generic_plans >= 3, custom_plans from pg_prepared_statements "
                      "where name = 'side_route_read'") == (True, 0)
        db.as_anon()
        if table in ("mashups", "mashup_comments"):  # anon may read both tables: no rows
            assert db.all(run) == []
    finally:
        db.as_admin()
        db.all("deallocate side_route_read")
