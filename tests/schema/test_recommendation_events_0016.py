"""0016_fix_recommendation_events: the widened event types, and its rollback, which refuses
(23514, naming the count) while rows with the new types exist and otherwise restores the
narrow check. The rollback tests use their own database (they change the schema)."""

from __future__ import annotations

import json

import psycopg
import pytest
from helpers import REPO

from toolkit import engine
from toolkit.db import Target
from toolkit.errors import MigrationFailed
from toolkit.project import Project

from .kit import Db

NEW_TYPES = ("shown", "clicked", "dismissed", "completed")
OLD_TYPES = ("impression", "play", "skip", "like", "share", "open")


def log(db: Db, user, mashup, event_type: str, **extra) -> None:
    cols = ", ".join(["user_id", "mashup_id", "event_type", *extra])
    marks = ", ".join(["%s"] * (3 + len(extra)))
    db.all(f"insert into public.recommendation_events ({cols}) values ({marks})",
           (user, mashup, event_type, *extra.values()))


def test_new_event_types_and_columns_accepted(db: Db) -> None:
    u = db.user()
    m = db.mashup(db.user())
    db.as_user(u)
    for t in NEW_TYPES + OLD_TYPES:
        log(db, u, m, t, recommendation_id="rec-42", metadata=json.dumps({"slot": 3}))
    assert db.val("select count(*) from public.recommendation_events where "
                  "recommendation_id = 'rec-42' and metadata = '{\"slot\": 3}'") == 10
    with db.refused("23514"):
        log(db, u, m, "viewed")


def rollback_to_0015(url: str) -> engine.RunResult:
    return engine.rollback(Target(url, "test"), Project(REPO), to="0015_revenue_splits",
                           confirm=lambda losses: True)


def seed(url: str, types: tuple[str, ...]) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        d = Db(conn)
        u = d.user()
        m = d.mashup(d.user())
        for t in types:
            d.insert("recommendation_events", user_id=u, mashup_id=m, event_type=t)


def event_check(url: str) -> str:
    with psycopg.connect(url) as conn:
        return conn.execute(
            "select pg_get_constraintdef(oid) from pg_constraint "
            "where conname = 'recommendation_events_event_type_check'").fetchone()[0]


def applied(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        return {r[0] for r in conn.execute("select migration_id from mashdb.migration_checksums")}


def test_rollback_refuses_while_new_types_exist(migrated_db: str) -> None:
    seed(migrated_db, ("play", "shown", "dismissed", "dismissed", "open"))
    with pytest.raises(MigrationFailed) as caught:
        rollback_to_0015(migrated_db)
    message = str(caught.value)
    assert "0016_fix_recommendation_events" in message
    assert "(SQLSTATE 23514)" in message
    assert "3 row(s) of public.recommendation_events" in message
    assert "0016_fix_recommendation_events" in applied(migrated_db)
    assert "'dismissed'" in event_check(migrated_db)  # the wide check is still there
    with psycopg.connect(migrated_db) as conn:
        assert conn.execute("select count(*) from public.recommendation_events").fetchone() == (5,)


def test_rollback_restores_the_narrow_check(migrated_db: str) -> None:
    seed(migrated_db, ("play", "open", "impression"))
    rollback_to_0015(migrated_db)
    assert "0016_fix_recommendation_events" not in applied(migrated_db)
    check = event_check(migrated_db)
    assert all(f"'{t}'" in check for t in OLD_TYPES)
    assert not any(f"'{t}'" in check for t in NEW_TYPES)
    with psycopg.connect(migrated_db, autocommit=True) as conn:
        d = Db(conn)
        assert d.val("select count(*) from public.recommendation_events") == 3  # rows kept
        assert d.val("select count(*) from information_schema.columns where table_name = "
                     "'recommendation_events' and column_name in ('recommendation_id', "
                     "'metadata')") == 0
        u, m = d.user(), d.mashup(d.user())
        with pytest.raises(psycopg.errors.CheckViolation):
            d.insert("recommendation_events", user_id=u, mashup_id=m, event_type="shown")
    # and migrating again converges: the new types are accepted again
    engine.migrate(Target(migrated_db, "test"), Project(REPO))
    with psycopg.connect(migrated_db, autocommit=True) as conn:
        d = Db(conn)
        d.insert("recommendation_events", user_id=u, mashup_id=m, event_type="shown")
        assert "'dismissed'" in event_check(migrated_db)
