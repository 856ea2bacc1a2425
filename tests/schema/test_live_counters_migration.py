"""0023_live_counters on a database that already holds farmed value: XP standing on a
deleted mashup or a withdrawn like is withdrawn with its counters, the rest is tied to its
mashup, like_count is backfilled, and rollback + migrate keep the data (own database)."""

from __future__ import annotations

import hashlib
import json
import uuid

import psycopg
from helpers import REPO

from toolkit import engine
from toolkit.db import Target
from toolkit.project import Project

from .kit import Db

BEFORE = "0021_concurrent_indexes"


def like_ref(mashup: uuid.UUID, liker: uuid.UUID) -> uuid.UUID:
    return uuid.UUID(hashlib.md5(f"{mashup}:{liker}".encode()).hexdigest())


def test_migration_withdraws_value_without_a_live_fact(migrated_db: str) -> None:
    target, project = Target(migrated_db, "test"), Project(REPO)
    engine.rollback(target, project, to=BEFORE, confirm=lambda losses: True)
    with psycopg.connect(migrated_db, autocommit=True) as conn:
        db = Db(conn)
        creator, fan, gone_fan = db.user(), db.user(), db.user()
        live = db.mashup(creator)
        ghost = uuid.uuid4()  # a mashup published, farmed, and deleted before 0023
        db.insert("mashup_likes", returning="user_id", user_id=fan, mashup_id=live)
        conn.execute("update public.mashups set like_count = 0")
        db.insert("user_badges", user_id=creator, badge_id="first_mashup")
        conn.execute("delete from public.xp_transactions")
        for reason, ref, about, amount in (
            ("mashup_published", live, live, 50),
            ("mashup_published", ghost, ghost, 50),
            ("like_received", like_ref(live, fan), live, 5),
            ("like_received", like_ref(live, gone_fan), live, 5),  # unliked since
            ("badge:first_mashup", None, None, 25),
        ):
            db.insert("xp_transactions", user_id=creator, amount=amount, reason=reason,
                      reference_id=ref,
                      metadata=json.dumps({"mashup_id": str(about)} if about else {}))
        conn.execute(
            "insert into public.user_gamification (user_id, total_xp, current_level, "
            "total_mashups, total_likes_received, total_plays) values (%s, 135, 2, 2, 2, 7) "
            "on conflict (user_id) do update set total_xp = 135, current_level = 2, "
            "total_mashups = 2, total_likes_received = 2, total_plays = 7", (creator,))

    engine.migrate(target, project)

    with psycopg.connect(migrated_db, autocommit=True) as conn:
        db = Db(conn)
        assert db.one(
            "select g.total_xp, g.current_level, g.total_mashups, g.total_likes_received, "
            "g.total_plays from public.user_gamification as g where g.user_id = %s",
            (creator,)) == (80, 1, 1, 1, 0)
        assert db.all(
            "select reason, mashup_id, counter from public.xp_transactions where user_id = %s "
            "order by reason", (creator,)) == [
            ("badge:first_mashup", None, None),
            ("like_received", live, "total_likes_received"),
            ("mashup_published", live, "total_mashups"),
        ]
        assert db.val("select like_count from public.mashups where id = %s", (live,)) == 1
        # from now on the triggers keep it: deleting the mashup withdraws the rest, and
        # the badge (kept by the migration) goes with the last published mashup
        with conn.transaction():
            db.as_user(creator)
            assert db.rowcount("delete from public.mashups where id = %s", (live,)) == 1
            assert db.as_admin().one(
                "select total_xp, total_mashups, total_likes_received from "
                "public.user_gamification where user_id = %s", (creator,)) == (0, 0, 0)
            assert db.val("select count(*) from public.user_badges where user_id = %s",
                          (creator,)) == 0
