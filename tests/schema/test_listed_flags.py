"""mashup_listed (0025) follows its mashup on every route: the select policies of likes,
comments and captions test the flag instead of calling can_list_mashup() per row, so a
stale flag would be a leak (or a hidden row). Visibility flips, forged flags, re-pointed
rows, and a flip racing a like, a comment or a held like row."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg
import pytest

from .kit import Db
from .test_live_counters_concurrency import _wait_until_blocked, query, setup_world

CHILDREN = {
    "mashup_likes": "select count(*) from public.mashup_likes where mashup_id = %s",
    "mashup_comments": "select count(*) from public.mashup_comments where mashup_id = %s",
    "captions": "select count(*) from public.captions where mashup_id = %s",
}


def _children(db: Db, m, fan) -> None:
    """A like and a comment by `fan` and one caption segment on mashup `m`."""
    db.insert("mashup_likes", returning="user_id", user_id=fan, mashup_id=m)
    db.insert("mashup_comments", mashup_id=m, user_id=fan, body="nice")
    db.insert("captions", mashup_id=m, segment_index=0, start_seconds=0, end_seconds=1,
              text="la")


def _seen(db: Db, who, m) -> dict[str, int]:
    (db.as_anon() if who is None else db.as_user(who))
    out = {t: db.val(q, (m,)) for t, q in CHILDREN.items()}
    db.as_admin()
    return out


ALL = {"mashup_likes": 1, "mashup_comments": 1, "captions": 1}
NONE = {"mashup_likes": 0, "mashup_comments": 0, "captions": 0}
OWN = {"mashup_likes": 1, "mashup_comments": 1, "captions": 0}  # the fan's own like, comment


@pytest.mark.parametrize("hidden", [("visibility", "private"), ("visibility", "unlisted"),
                                    ("status", "draft")])
def test_the_flag_follows_every_flip_of_the_mashup(db: Db, hidden: tuple[str, str]) -> None:
    creator, fan, stranger = db.user(), db.user(), db.user()
    m = db.mashup(creator)
    _children(db, m, fan)
    assert _seen(db, None, m) == ALL and _seen(db, stranger, m) == ALL
    column, value = hidden
    db.as_user(creator)  # the creator's own update, as the API does it
    assert db.rowcount(f"update public.mashups set {column} = %s where id = %s", (value, m)) == 1
    db.as_admin()
    assert _seen(db, None, m) == NONE and _seen(db, stranger, m) == NONE
    assert _seen(db, fan, m) == OWN and _seen(db, creator, m) == ALL
    db.as_user(creator)
    back = "published" if column == "status" else "public"
    db.all(f"update public.mashups set {column} = %s where id = %s", (back, m))
    db.as_admin()
    assert _seen(db, None, m) == ALL and _seen(db, stranger, m) == ALL


def test_a_writer_cannot_forge_the_flag(db: Db) -> None:
    creator, fan = db.user(), db.user()
    private = db.mashup(creator, visibility="private")
    public = db.mashup(creator)
    # service_role may write the column, yet the trigger recomputes it from the mashup
    db.as_service()
    db.all("insert into public.mashup_likes (user_id, mashup_id, mashup_listed) "
           "values (%s, %s, true)", (fan, private))
    db.all("insert into public.mashup_comments (user_id, mashup_id, body, mashup_listed) "
           "values (%s, %s, 'x', true)", (fan, private))
    assert db.rowcount("update public.mashup_comments set mashup_listed = true "
                       "where mashup_id = %s", (private,)) == 1
    db.as_admin()
    assert _seen(db, None, private) == NONE
    # a client has no privilege on the column at all
    db.as_user(fan)
    with db.refused("42501"):
        db.all("insert into public.mashup_likes (user_id, mashup_id, mashup_listed) "
               "values (%s, %s, false)", (fan, public))
    with db.refused("42501"):
        db.all("update public.mashup_comments set mashup_listed = true where user_id = %s",
               (fan,))


def test_a_row_moved_to_another_mashup_takes_that_mashups_state(db: Db) -> None:
    creator, fan = db.user(), db.user()
    public, private = db.mashup(creator), db.mashup(creator, visibility="private")
    comment = db.insert("mashup_comments", mashup_id=public, user_id=fan, body="moved")
    db.as_service()
    db.all("update public.mashup_comments set mashup_id = %s where id = %s", (private, comment))
    db.as_admin()
    assert db.val("select mashup_listed from public.mashup_comments where id = %s",
                  (comment,)) is False
    assert _seen(db, None, private) == NONE


@contextmanager
def _waiting(url: str, work: Callable[[Db], None]) -> Iterator[list[str]]:
    """Run work(db) and commit, in a session of its own on a thread; enter once that
    session waits on a lock (observed in pg_locks), yielding the list its SQLSTATEs go to;
    on exit (the caller has released the lock) the session must finish."""
    conn = psycopg.connect(url, autocommit=False)
    errors: list[str] = []

    def run() -> None:
        try:
            work(Db(conn))
            conn.commit()
        except psycopg.Error as exc:
            errors.append(exc.sqlstate or "?")
            conn.rollback()

    t = threading.Thread(target=run)
    t.start()
    try:
        _wait_until_blocked(url, conn.info.backend_pid, t.is_alive)
        assert t.is_alive(), "the session did not wait"
        yield errors
        t.join(timeout=60)
        assert not t.is_alive(), "the session hung"
    finally:
        conn.close()


def _flip_then_write(url: str, write_sql: str, params: tuple) -> None:
    """A creator's flip to private is in flight while `write_sql` runs in another session;
    the write waits for it and ends with the flag of the committed state."""
    (creator,), (m,), (fan,) = setup_world(url, 1, 1, 1)
    flipper = psycopg.connect(url, autocommit=False)
    try:
        Db(flipper).as_user(creator)
        flipper.execute("update public.mashups set visibility = 'private' where id = %s", (m,))
        with _waiting(url, lambda db: db.as_user(fan).all(write_sql, (*params, fan, m))) \
                as errors:
            flipper.commit()
    finally:
        flipper.close()
    assert errors == []
    # the row exists (the writer had the link), and it is not listed
    table = write_sql.split()[2]
    assert query(url, f"select mashup_listed from {table} where mashup_id = %s", (m,)) == [
        (False,)]


def test_a_like_racing_a_flip_to_private_ends_unlisted(migrated_db: str) -> None:
    _flip_then_write(migrated_db,
                     "insert into public.mashup_likes (user_id, mashup_id) values (%s, %s)", ())


def test_a_comment_racing_a_flip_to_private_ends_unlisted(migrated_db: str) -> None:
    _flip_then_write(migrated_db, "insert into public.mashup_comments (body, user_id, mashup_id)"
                     " values (%s, %s, %s)", ("racing",))


def test_a_flip_over_a_held_like_row_is_retryable_never_a_leak(migrated_db: str) -> None:
    (creator,), (m,), (fan,) = setup_world(migrated_db, 1, 1, 1)
    holder = psycopg.connect(migrated_db, autocommit=False)
    flipper = psycopg.connect(migrated_db, autocommit=False)
    try:
        with psycopg.connect(migrated_db, autocommit=True) as conn:
            Db(conn).insert("mashup_likes", returning="user_id", user_id=fan, mashup_id=m)
        # another transaction holds the like row (as an unlike does before it waits for
        # the mashup row): the flip does not wait into a deadlock, it fails retryably
        holder.execute("select 1 from public.mashup_likes where mashup_id = %s for update", (m,))
        db_f = Db(flipper).as_user(creator)
        with db_f.refused("40001"):
            db_f.all("update public.mashups set visibility = 'private' where id = %s", (m,))
        flipper.rollback()
        holder.rollback()
        db_f.as_user(creator)  # the retry, once the row is free
        assert db_f.rowcount("update public.mashups set visibility = 'private' where id = %s",
                             (m,)) == 1
        flipper.commit()
    finally:
        holder.close()
        flipper.close()
    assert query(migrated_db, "select mashup_listed from public.mashup_likes "
                 "where mashup_id = %s", (m,)) == [(False,)]
