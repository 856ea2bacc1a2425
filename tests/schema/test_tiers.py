"""Tier limits (0019) + functions/tiers.sql: check_usage_limit and the BEFORE INSERT
trigger that enforces the monthly limit on clients' direct inserts."""

from __future__ import annotations

import threading

import psycopg
import pytest

from .kit import Db

LAST_MONTH = (
    "(date_trunc('month', now() at time zone 'UTC') at time zone 'UTC') - interval '1 second'"
)
MONTH_START = "(date_trunc('month', now() at time zone 'UTC') at time zone 'UTC')"


def usage(db: Db, resource: str, user=None) -> tuple:
    if user is None:
        return db.one("select * from public.check_usage_limit(%s)", (resource,))
    return db.one("select * from public.check_usage_limit(%s, %s)", (resource, user))


def mashups(db: Db, user, n: int, when: str = "now()") -> None:
    db.as_admin().all(
        f"insert into public.mashups (creator_id, title, created_at) "
        f"select %s, 't' || g, {when} from generate_series(1, %s) as g",
        (user, n),
    )


def jobs(db: Db, user, job_type: str, n: int, when: str = "now()") -> None:
    db.as_admin().all(
        f"insert into public.ai_jobs (user_id, job_type, created_at) "
        f"select %s, %s, {when} from generate_series(1, %s)",
        (user, job_type, n),
    )


def subscribe(db: Db, user, tier: str, status: str = "active", end: str | None = None) -> None:
    db.as_admin().all(
        f"insert into public.subscriptions (user_id, tier, status, current_period_end) "
        f"values (%s, %s, %s, {end or 'null'})",
        (user, tier, status),
    )


def test_anonymous_is_free_with_nothing_used(db: Db) -> None:
    db.as_anon()
    assert usage(db, "mashup_upload") == (True, "free", 5, 0, 5)
    assert usage(db, "auto_caption") == (True, "free", 2, 0, 2)


def test_counts_this_calendar_month_only(db: Db) -> None:
    u = db.user()
    mashups(db, u, 2)
    mashups(db, u, 7, LAST_MONTH)
    mashups(db, u, 1, MONTH_START)  # the first instant of the month counts
    db.as_user(u)
    assert usage(db, "mashup_upload") == (True, "free", 5, 3, 2)
    mashups(db, u, 2)
    db.as_user(u)
    assert usage(db, "mashup_upload") == (False, "free", 5, 5, 0)
    mashups(db, u, 3)
    db.as_user(u)
    assert usage(db, "mashup_upload") == (False, "free", 5, 8, 0)


def test_ai_resources_count_their_job_types(db: Db) -> None:
    u = db.user()
    jobs(db, u, "ai_generation", 2)
    jobs(db, u, "ai_completion", 2)
    jobs(db, u, "ai_completion", 9, LAST_MONTH)
    jobs(db, u, "stem_separation", 1)
    jobs(db, u, "auto_caption", 2, LAST_MONTH)
    other = db.user()
    jobs(db, other, "stem_separation", 3)
    db.as_user(u)
    assert usage(db, "ai_generation") == (True, "free", 5, 4, 1)
    assert usage(db, "stem_separation") == (True, "free", 3, 1, 2)
    assert usage(db, "auto_caption") == (True, "free", 2, 0, 2)
    assert usage(db, "mashup_upload") == (True, "free", 5, 0, 5)


@pytest.mark.parametrize(
    "tier, status, end, expected",
    [
        ("pro", "active", None, ("pro", 50)),
        ("pro", "trialing", "now() + interval '3 days'", ("pro", 50)),
        ("pro", "past_due", "now() + interval '3 days'", ("pro", 50)),
        ("pro", "active", "now() - interval '1 second'", ("free", 5)),
        ("pro", "canceled", None, ("free", 5)),
        ("studio", "active", None, ("studio", None)),
        ("free", "active", None, ("free", 5)),
    ],
)
def test_tier_from_subscription(db: Db, tier, status, end, expected) -> None:
    u = db.user()
    subscribe(db, u, tier, status, end)
    mashups(db, u, 6)
    db.as_user(u)
    tier_seen, limit = expected
    allowed, got_tier, got_limit, used, remaining = usage(db, "mashup_upload")
    assert (got_tier, got_limit, used) == (tier_seen, limit, 6)
    assert allowed is (limit is None or 6 < limit)
    assert remaining == (None if limit is None else max(limit - 6, 0))


def test_missing_limit_row_fails_closed(db: Db) -> None:
    u = db.user()
    subscribe(db, u, "pro")
    db.as_admin().all(
        "delete from public.tier_limits where tier = 'pro' and resource = 'auto_caption'")
    db.as_user(u)
    assert usage(db, "auto_caption") == (False, "pro", 0, 0, 0)


def test_refusals(db: Db) -> None:
    u, v = db.user(), db.user()
    mashups(db, v, 4)
    db.as_user(u)
    for bad in ("uploads", "", None):
        with db.refused("22023"):
            usage(db, bad)
    with db.refused("42501", "your own usage"):
        usage(db, "mashup_upload", v)
    assert usage(db, "mashup_upload", u)[3] == 0  # own id, explicitly
    db.as_anon()
    with db.refused("42501"):
        usage(db, "mashup_upload", v)
    db.as_service()  # the API acting for a user
    assert usage(db, "mashup_upload", v) == (True, "free", 5, 4, 1)
    assert usage(db, "mashup_upload") == (True, "free", 5, 0, 5)


def test_users_cannot_change_their_tier(db: Db) -> None:
    u = db.user()
    subscribe(db, u, "free")
    db.as_user(u)
    with db.refused("42501"):
        db.all("update public.subscriptions set tier = 'studio' where user_id = %s", (u,))
    with db.refused("42501"):
        db.all("insert into public.subscriptions (user_id, tier) values (%s, 'studio')",
               (db.user(),))
    with db.refused("42501"):
        db.all("update public.tier_limits set monthly_limit = null")
    assert usage(db, "mashup_upload")[1] == "free"


# --- enforcement of direct inserts ----------------------------------------------------------
def client_mashup(db: Db, user, n: int = 1) -> int:
    return db.rowcount(
        "insert into public.mashups (creator_id, title) select %s, 'x' from generate_series(1, %s)",
        (user, n),
    )


def client_job(db: Db, user, job_type: str) -> int:
    return db.rowcount(
        "insert into public.ai_jobs (user_id, job_type) values (%s, %s)", (user, job_type)
    )


def test_direct_mashup_inserts_stop_at_the_limit(db: Db) -> None:
    u = db.user()
    mashups(db, u, 3)
    mashups(db, u, 20, LAST_MONTH)  # last month's uploads do not count
    db.as_user(u)
    assert client_mashup(db, u) == 1
    assert client_mashup(db, u) == 1  # the 5th of 5
    with db.refused("42501", "monthly mashup_upload limit reached: 5 of 5 used on the free tier"):
        client_mashup(db, u)
    assert usage(db, "mashup_upload") == (False, "free", 5, 5, 0)


def test_one_statement_cannot_overshoot(db: Db) -> None:
    u = db.user()
    mashups(db, u, 3)
    db.as_user(u)
    with db.refused("42501"):
        client_mashup(db, u, 3)
    assert client_mashup(db, u, 2) == 2


def test_direct_ai_job_inserts_stop_at_the_limit(db: Db) -> None:
    u = db.user()
    jobs(db, u, "stem_separation", 2)
    jobs(db, u, "ai_generation", 4)
    db.as_user(u)
    assert client_job(db, u, "stem_separation") == 1
    with db.refused("42501", "stem_separation"):
        client_job(db, u, "stem_separation")
    assert client_job(db, u, "ai_completion") == 1  # 5th ai_generation unit
    with db.refused("42501", "ai_generation"):
        client_job(db, u, "ai_generation")
    with db.refused("42501", "ai_generation"):
        client_job(db, u, "ai_completion")
    assert client_job(db, u, "auto_caption") == 1  # other resources unaffected


def test_higher_tiers_and_service_role(db: Db) -> None:
    studio, free = db.user(), db.user()
    subscribe(db, studio, "studio")
    mashups(db, studio, 60)
    db.as_user(studio)
    assert client_mashup(db, studio) == 1  # unlimited
    mashups(db, free, 5)
    db.as_service()  # the server decides for itself
    assert client_mashup(db, free) == 1
    assert client_job(db, free, "auto_caption") == 1
    db.as_admin()
    assert client_mashup(db, free) == 1


def test_inserting_for_someone_else_is_left_to_the_policy(db: Db) -> None:
    u, v = db.user(), db.user()
    mashups(db, v, 5)
    db.as_user(u)
    with db.refused("42501", "row-level security"):
        client_mashup(db, v)
    with db.refused("42501", "row-level security"):
        client_job(db, v, "auto_caption")


def test_limit_is_per_user(db: Db) -> None:
    u, v = db.user(), db.user()
    mashups(db, v, 5)
    db.as_user(u)
    assert client_mashup(db, u) == 1


def test_concurrent_inserts_cannot_both_take_the_last_unit(migrated_db: str) -> None:
    """Two sessions of one user race for the 5th upload: the second waits for the first's
    advisory lock, then counts with a fresh snapshot and is refused."""
    with psycopg.connect(migrated_db, autocommit=True) as setup:
        u = Db(setup).user()
        setup.execute(
            "insert into public.mashups (creator_id, title) select %s, 't' "
            "from generate_series(1, 4)", (u,))
    first = psycopg.connect(migrated_db, autocommit=False)
    second = psycopg.connect(migrated_db, autocommit=False)
    try:
        Db(first).as_user(u)
        assert client_mashup(Db(first), u) == 1  # holds the lock, not committed
        outcome: dict[str, object] = {}

        def race() -> None:
            d = Db(second).as_user(u)
            try:
                outcome["rows"] = client_mashup(d, u)
            except psycopg.Error as exc:
                outcome["sqlstate"] = exc.sqlstate
            second.rollback()

        t = threading.Thread(target=race)
        t.start()
        with psycopg.connect(migrated_db, autocommit=True) as watch:
            while not watch.execute(
                "select exists (select 1 from pg_locks where locktype = 'advisory' "
                "and not granted)"
            ).fetchone()[0]:
                if not t.is_alive():
                    break
                watch.execute("select pg_sleep(0.01)")
        first.commit()
        t.join()
        assert outcome == {"sqlstate": "42501"}
    finally:
        first.close()
        second.close()
