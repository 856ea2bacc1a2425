"""Analytics (0017) + functions/analytics.sql: log_analytics_event and the creator time
series, which must equal a brute-force GROUP BY over the raw events (property-tested)."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .kit import Db

TYPES = ("play", "like", "share", "comment", "save", "skip", "download", "embed")
SERIES = ("play", "like", "share", "comment")


def log(db: Db, mashup, event_type="play", metadata=None) -> int:
    if metadata is None:
        return db.val("select public.log_analytics_event(%s, %s)", (mashup, event_type))
    return db.val("select public.log_analytics_event(%s, %s, %s)",
                  (mashup, event_type, metadata))


def series(db: Db, period="day", rng=30) -> list[tuple]:
    return db.all("select * from public.creator_analytics_timeseries(%s, %s)", (period, rng))


# --- log_analytics_event ---------------------------------------------------------------------
def test_anonymous_play_on_visible_mashups(db: Db) -> None:
    creator = db.user()
    public, unlisted = db.mashup(creator), db.mashup(creator, visibility="unlisted")
    db.as_anon()
    for m in (public, unlisted):
        for t in ("play", "share", "skip", "download", "embed"):
            assert log(db, m, t) > 0
    assert db.as_admin().all(
        "select user_id, count(*) from public.analytics_events group by 1") == [(None, 10)]
    assert db.val("select sum(plays) from public.analytics_daily_rollup") == 2
    assert db.val("select g.total_plays from public.user_gamification as g where user_id = %s",
                  (creator,)) == 2


@pytest.mark.parametrize("kind", ["private", "draft", "missing"])
def test_invisible_mashups_are_not_found(db: Db, kind: str) -> None:
    creator = db.user()
    m = {
        "private": lambda: db.mashup(creator, visibility="private"),
        "draft": lambda: db.mashup(creator, status="draft"),
        "missing": uuid.uuid4,
    }[kind]()
    db.as_anon()
    with db.refused("P0002"):
        log(db, m)
    db.as_user(db.user())
    with db.refused("P0002"):
        log(db, m, "share")
    if kind != "missing":  # the creator can log on own private/draft mashups
        db.as_user(creator)
        assert log(db, m) > 0
    assert db.as_admin().val("select count(*) from public.analytics_events") == (
        0 if kind == "missing" else 1)


def test_signed_in_events_are_pinned_to_the_caller(db: Db) -> None:
    creator, fan = db.user(), db.user()
    m = db.mashup(creator)
    db.as_user(fan)
    eid = log(db, m, "share", json.dumps({"source": "feed"}))
    assert db.as_admin().one(
        "select user_id, mashup_id, event_type, metadata from public.analytics_events "
        "where id = %s", (eid,)) == (fan, m, "share", {"source": "feed"})


@pytest.mark.parametrize(
    "event_type, metadata, sqlstate",
    [
        ("like", None, "42501"), ("comment", None, "42501"), ("save", None, "42501"),
        ("view", None, "22023"), (None, None, "22023"), ("PLAY", None, "22023"),
        ("play", "[]", "22023"), ("play", '"x"', "22023"),
        ("play", json.dumps({"x": "y" * 2100}), "22023"),
    ],
)
def test_anonymous_refusals(db: Db, event_type, metadata, sqlstate) -> None:
    m = db.mashup(db.user())
    db.as_anon()
    with db.refused(sqlstate):
        log(db, m, event_type, metadata)


def test_events_are_facts(db: Db) -> None:
    creator = db.user()
    m = db.mashup(creator)
    db.as_anon()
    eid = log(db, m)
    db.as_user(creator)  # the creator reads own raw events, but writes none
    assert db.val("select count(*) from public.analytics_events") == 1
    with db.refused("42501"):
        db.all("insert into public.analytics_events (mashup_id, event_type) values (%s, 'play')",
               (m,))
    db.as_service()
    with db.refused("55000", "immutable"):
        db.all("update public.analytics_events set event_type = 'like' where id = %s", (eid,))
    db.all("update public.analytics_events set user_id = null where id = %s", (eid,))


def test_rollup_follows_deletes_and_truncate(db: Db) -> None:
    creator = db.user()
    m = db.mashup(creator)
    for _ in range(3):
        db.as_user(db.user())
        log(db, m)
    db.as_admin().all("delete from public.analytics_events where id = "
                      "(select min(id) from public.analytics_events)")
    assert db.val("select plays from public.analytics_daily_rollup") == 2
    assert db.val("select g.total_plays from public.user_gamification as g where user_id = %s",
                  (creator,)) == 2
    db.all("truncate public.analytics_events")
    assert db.val("select count(*) from public.analytics_daily_rollup") == 0


# --- creator_analytics_timeseries ------------------------------------------------------------
def test_series_is_zero_filled(db: Db) -> None:
    creator = db.user()
    db.as_user(creator)
    rows = series(db, "day", 7)
    today = db.val("select (now() at time zone 'UTC')::date")
    assert rows == [(today - dt.timedelta(days=6 - i), 0, 0, 0, 0) for i in range(7)]
    assert [r[0] for r in series(db, "week", 3)] == [
        week_start(today) - dt.timedelta(weeks=2 - i) for i in range(3)]
    assert [r[0] for r in series(db, "month", 14)] == month_buckets(today, 14)


@pytest.mark.parametrize(
    "period, rng",
    [("year", 1), (None, 1), ("day", 0), ("day", 1001), ("week", 521), ("month", 121),
     ("month", None), ("day", -3)],
)
def test_series_refuses_bad_arguments(db: Db, period, rng) -> None:
    db.as_user(db.user())
    with db.refused("22023"):
        series(db, period, rng)


@pytest.mark.parametrize("who", ["anon", "service"])
def test_series_needs_a_user(db: Db, who) -> None:
    db.as_anon() if who == "anon" else db.as_service()
    with db.refused("42501"):
        series(db)


def week_start(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def month_buckets(today: dt.date, n: int) -> list[dt.date]:
    y, m = today.year, today.month
    out = []
    for _ in range(n):
        out.append(dt.date(y, m, 1))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def expected_series(db: Db, creator, period: str, rng: int) -> list[tuple]:
    """Brute force: GROUP BY over the raw events, buckets computed in Python."""
    counts = {
        (bucket, t): n
        for bucket, t, n in db.as_admin().all(
            "select date_trunc(%s, (e.created_at at time zone 'UTC')::date::timestamp)::date, "
            "e.event_type, count(*) "
            "from public.analytics_events as e join public.mashups as m on m.id = e.mashup_id "
            "where m.creator_id = %s group by 1, 2", (period, creator))
    }
    today = db.val("select (now() at time zone 'UTC')::date")
    if period == "day":
        buckets = [today - dt.timedelta(days=rng - 1 - i) for i in range(rng)]
    elif period == "week":
        buckets = [week_start(today) - dt.timedelta(weeks=rng - 1 - i) for i in range(rng)]
    else:
        buckets = month_buckets(today, rng)
    return [(b, *(counts.get((b, t), 0) for t in SERIES)) for b in buckets]


events = st.lists(
    st.tuples(
        st.integers(0, 3),                       # which mashup (3 = another creator's)
        st.sampled_from(TYPES),
        st.integers(0, 400 * 86400),             # age in seconds
    ),
    max_size=40,
)


def insert_events(db: Db, mashups: list, batch: list[tuple], one_statement: bool) -> None:
    db.as_admin()
    rows = [(mashups[i], t, age) for i, t, age in batch]
    if one_statement:
        db.all(
            "insert into public.analytics_events (mashup_id, event_type, created_at) "
            "select m, t, now() - a * interval '1 second' "
            "from unnest(%s::uuid[], %s::text[], %s::int[]) as x (m, t, a)",
            ([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]),
        )
    else:
        for r in rows:
            db.all("insert into public.analytics_events (mashup_id, event_type, created_at) "
                   "values (%s, %s, now() - %s * interval '1 second')", r)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    first=events,
    later=events,
    period_range=st.one_of(
        st.tuples(st.just("day"), st.integers(1, 120)),
        st.tuples(st.just("week"), st.integers(1, 60)),
        st.tuples(st.just("month"), st.integers(1, 15)),
    ),
    delete_every=st.integers(0, 4),
)
def test_series_equals_brute_force(db: Db, first, later, period_range, delete_every) -> None:
    period, rng = period_range
    with db.scratch():
        creator, rival = db.user(), db.user()
        mashups = [db.mashup(creator), db.mashup(creator, visibility="private"),
                   db.mashup(creator, status="draft"), db.mashup(rival)]
        insert_events(db, mashups, first, one_statement=True)
        db.as_user(creator)
        assert series(db, period, rng) == expected_series(db, creator, period, rng)
        # events added after the first read, row by row, and some deleted
        insert_events(db, mashups, later, one_statement=False)
        if delete_every:
            db.as_admin().all("delete from public.analytics_events where id %% %s = 0",
                              (delete_every + 1,))
        db.as_user(creator)
        assert series(db, period, rng) == expected_series(db, creator, period, rng)
        # the rival sees only the rival's own mashup
        db.as_user(rival)
        assert series(db, period, rng) == expected_series(db, rival, period, rng)
        db.as_admin()
