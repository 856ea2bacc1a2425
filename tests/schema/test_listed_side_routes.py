"""Side routes around mashup_listed (0025), the flag the read policies of likes, comments
and captions trust: upserts and MERGE that name the flag, flips made by service_role, by
upsert, by MERGE or by the table owner (as a SECURITY DEFINER function runs), deletes,
truncate and a changed mashup id, rows moved to another mashup while it changes
visibility, and inserts racing a flip in both commit orders. Every race is ordered
explicitly (a session is observed waiting in pg_locks, or parked on an advisory lock),
never by timing."""

from __future__ import annotations

from collections.abc import Callable

import psycopg
import pytest

from .kit import Db
from .test_listed_flags import ALL, NONE, OWN, _children, _seen, _waiting
from .test_live_counters_concurrency import query, setup_world

PRIVATE = "update public.mashups set visibility = 'private' where id = %(m)s"


# --- direct writes of the flag ---------------------------------------------------------------
def test_no_client_upsert_or_merge_can_name_the_flag(db: Db) -> None:
    creator, fan = db.user(), db.user()
    public, private = db.mashup(creator), db.mashup(creator, visibility="private")
    comment = db.insert("mashup_comments", mashup_id=public, user_id=fan, body="a")
    db.as_user(fan)
    with db.refused("42501"):  # PostgREST's upsert (Prefer: resolution=merge-duplicates)
        db.all("insert into public.mashup_likes (user_id, mashup_id) values (%s, %s) "
               "on conflict (user_id, mashup_id) do update set mashup_listed = true",
               (fan, public))
    with db.refused("42501"):
        db.all("insert into public.mashup_comments (user_id, mashup_id, body) "
               "values (%s, %s, 'b') on conflict (id) do update set mashup_listed = true",
               (fan, public))
    with db.refused("42501"):
        db.all("merge into public.mashup_comments as c using (select %s::uuid as id) as s "
               "on c.id = s.id when matched then update set mashup_listed = true", (comment,))
    # the same shapes without the column work, and the flag is the mashup's
    assert db.rowcount("insert into public.mashup_likes (user_id, mashup_id) values (%s, %s) "
                       "on conflict do nothing", (fan, public)) == 1
    assert db.rowcount("merge into public.mashup_comments as c using (select %s::uuid as id) "
                       "as s on c.id = s.id when matched then update set body = 'edited'",
                       (comment,)) == 1
    db.as_user(creator)
    caption = ("insert into public.captions (mashup_id, segment_index, start_seconds, "
               "end_seconds, text) values (%s, 0, 0, 1, 'la') on conflict (mashup_id, "
               "segment_index) do update set ")
    with db.refused("42501"):
        db.all(caption + "mashup_listed = true", (private,))
    with db.refused("42501"):  # nor move it to a listed mashup
        db.all(caption + "mashup_id = %s", (private, public))
    assert db.rowcount(caption + "text = excluded.text", (private,)) == 1
    assert db.rowcount(caption + "text = excluded.text", (private,)) == 1  # the update path
    db.as_admin()
    assert db.all("select mashup_listed from public.mashup_likes where mashup_id = %s",
                  (public,)) == [(True,)]
    assert db.all("select mashup_listed, body from public.mashup_comments where id = %s",
                  (comment,)) == [(True, "edited")]
    assert db.all("select mashup_listed from public.captions where mashup_id = %s",
                  (private,)) == [(False,)]
    assert _seen(db, None, private) == NONE


def test_service_role_upsert_and_merge_cannot_forge_the_flag(db: Db) -> None:
    creator, fan = db.user(), db.user()
    public, private = db.mashup(creator), db.mashup(creator, visibility="private")
    comment = db.insert("mashup_comments", mashup_id=public, user_id=fan, body="a")
    db.insert("captions", mashup_id=private, segment_index=0, start_seconds=0, end_seconds=1,
              text="la")
    db.as_service()
    like = ("insert into public.mashup_likes (user_id, mashup_id, mashup_listed) "
            "values (%s, %s, true) on conflict (user_id, mashup_id) do update set "
            "mashup_listed = true")
    assert db.rowcount(like, (fan, private)) == 1
    assert db.rowcount(like, (fan, private)) == 1  # the conflict's update path
    # an upsert that moves the comment to the private mashup and claims it listed
    assert db.rowcount("insert into public.mashup_comments (id, user_id, mashup_id, body) "
                       "values (%s, %s, %s, 'a') on conflict (id) do update set "
                       "mashup_id = excluded.mashup_id, mashup_listed = true",
                       (comment, fan, private)) == 1
    assert db.rowcount("merge into public.captions as c using (select %s::uuid as m) as s "
                       "on c.mashup_id = s.m when matched then update set mashup_listed = true",
                       (private,)) == 1
    db.as_admin()
    assert _seen(db, None, private) == NONE
    assert db.val("select count(*) from public.mashup_comments where mashup_id = %s",
                  (private,)) == 1  # the rows are there, unlisted
    assert _seen(db, fan, private) == OWN and _seen(db, creator, private) == ALL


def test_copy_and_definer_functions_cannot_forge_the_flag(db: Db) -> None:
    """COPY (service_role's bulk load) fires the row trigger like an insert, and
    save_captions (SECURITY DEFINER, writing as the table owner) gets the mashup's flag."""
    creator, fan = db.user(), db.user()
    public, private = db.mashup(creator), db.mashup(creator, visibility="private")
    db.as_service()
    with db.conn.cursor().copy("copy public.mashup_comments (user_id, mashup_id, body, "
                               "mashup_listed) from stdin") as copy:
        copy.write_row((fan, private, "copied", True))
        copy.write_row((fan, public, "copied", False))
    db.as_user(creator)
    track = '[{"start": 0, "end": 1, "text": "la"}]'
    for m in (public, private):
        assert db.val("select public.save_captions(%s, %s)", (m, track)) == 1
    db.as_admin()
    for table in ("mashup_comments", "captions"):
        assert db.all(f"select mashup_id = %s, mashup_listed from public.{table} "
                      "where mashup_id in (%s, %s) order by 1", (public, public, private)) == [
            (False, False), (True, True)]
    assert _seen(db, None, private) == NONE


# --- flips of the mashup by every writer -----------------------------------------------------
FLIPS = {
    "service_role update": ("service", PRIVATE),
    "service_role upsert": (
        "service",
        "insert into public.mashups (id, creator_id, title, status, visibility) "
        "values (%(m)s, %(c)s, 'x', 'published', 'private') "
        "on conflict (id) do update set visibility = excluded.visibility",
    ),
    "service_role merge to draft": (
        "service",
        "merge into public.mashups as t using (select %(m)s::uuid as id) as s on t.id = s.id "
        "when matched then update set status = 'draft'",
    ),
    "creator update of both columns": (
        "creator",
        "update public.mashups set (status, visibility) = ('published', 'unlisted') "
        "where id = %(m)s",
    ),
    "table owner (a SECURITY DEFINER function's rights)": ("admin", PRIVATE),
}


@pytest.mark.parametrize("route", sorted(FLIPS))
def test_every_writer_of_a_flip_rewrites_the_flags(db: Db, route: str) -> None:
    creator, fan, stranger = db.user(), db.user(), db.user()
    m = db.mashup(creator)
    _children(db, m, fan)
    who, sql = FLIPS[route]
    {"service": db.as_service, "admin": db.as_admin}.get(who, lambda: db.as_user(creator))()
    assert db.rowcount(sql, {"m": m, "c": creator}) == 1
    db.as_admin()
    assert _seen(db, None, m) == NONE and _seen(db, stranger, m) == NONE
    assert _seen(db, fan, m) == OWN and _seen(db, creator, m) == ALL
    db.as_service()  # and back, by the other writer
    db.all("update public.mashups set status = 'published', visibility = 'public' "
           "where id = %s", (m,))
    db.as_admin()
    assert _seen(db, None, m) == ALL and _seen(db, stranger, m) == ALL


def test_a_rolled_back_flip_leaves_the_flags_as_they_were(db: Db) -> None:
    creator, fan = db.user(), db.user()
    m = db.mashup(creator)
    _children(db, m, fan)
    with db.scratch():
        db.as_user(creator)
        db.all(PRIVATE, {"m": m})
        assert _seen(db, None, m) == NONE
    assert _seen(db, None, m) == ALL


# --- deletes, truncate, a changed mashup id -------------------------------------------------
def test_deleted_and_truncated_mashups_leave_no_child_row(db: Db) -> None:
    creator, fan = db.user(), db.user()
    gone, kept = db.mashup(creator), db.mashup(creator)
    _children(db, gone, fan)
    _children(db, kept, fan)
    db.as_user(creator)
    assert db.rowcount("delete from public.mashups where id = %s", (gone,)) == 1
    db.as_admin()
    for table in ("mashup_likes", "mashup_comments", "captions"):
        assert db.val(f"select count(*) from public.{table} where mashup_id = %s", (gone,)) == 0
    assert _seen(db, None, kept) == ALL
    db.as_service()
    with db.refused("0A000"):  # the children reference it: truncate names them or fails
        db.all("truncate public.mashups")
    db.all("truncate public.mashups cascade")
    db.as_admin()
    for table in ("mashup_likes", "mashup_comments", "captions"):
        assert db.val(f"select count(*) from public.{table}") == 0


def test_a_mashup_with_children_cannot_change_its_id(db: Db) -> None:
    creator, fan = db.user(), db.user()
    m, bare = db.mashup(creator), db.mashup(creator, status="draft")  # no publish XP row
    _children(db, m, fan)
    db.as_service()
    with db.refused("23503"):  # no action on update: the children would be orphaned
        db.all("update public.mashups set id = gen_random_uuid() where id = %s", (m,))
    assert db.rowcount("update public.mashups set id = gen_random_uuid() where id = %s",
                       (bare,)) == 1  # a mashup nothing points at may be re-keyed
    db.as_admin()
    assert _seen(db, None, m) == ALL


# --- rows moved to another mashup while it changes visibility --------------------------------
TABLES = ["captions", "mashup_comments", "mashup_likes"]
MOVE = "update public.{} set mashup_id = %(to)s where mashup_id = %(m)s"


def _two_sessions(
    url: str, first: Callable[[Db], None], second: Callable[[Db], None]
) -> list[str]:
    """`first` runs and stays uncommitted; `second` must wait for it; then first commits,
    then second. Returns the SQLSTATEs second raised."""
    a = psycopg.connect(url, autocommit=False)
    try:
        first(Db(a))
        with _waiting(url, second) as errors:
            a.commit()
    finally:
        a.close()
    return errors


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("first", ["flip", "move"])
def test_a_row_moved_onto_a_mashup_being_made_private_ends_unlisted(
    migrated_db: str, table: str, first: str
) -> None:
    """Either order: the move waits for a flip in flight (its FOR SHARE lock), or the flip
    waits for a move in flight and then rewrites the moved row."""
    (creator,), (m, to), (fan,) = setup_world(migrated_db, 1, 2, 1)
    with psycopg.connect(migrated_db, autocommit=True) as conn:
        _children(Db(conn), m, fan)

    def flip(db: Db) -> None:
        db.as_user(creator).all(PRIVATE, {"m": to})

    def move(db: Db) -> None:
        assert db.as_service().rowcount(MOVE.format(table), {"m": m, "to": to}) == 1

    order = (flip, move) if first == "flip" else (move, flip)
    assert _two_sessions(migrated_db, *order) == []
    assert query(migrated_db, f"select mashup_listed from public.{table} where mashup_id = %s",
                 (to,)) == [(False,)]


# --- inserts racing a flip, in both commit orders ---------------------------------------------
INSERTS = {
    "mashup_likes": ("fan", "insert into public.mashup_likes (user_id, mashup_id) "
                            "values (%(u)s, %(m)s)"),
    "mashup_comments": ("fan", "insert into public.mashup_comments (user_id, mashup_id, body) "
                               "values (%(u)s, %(m)s, 'racing')"),
    "captions": ("creator", "insert into public.captions (mashup_id, segment_index, "
                            "start_seconds, end_seconds, text) values (%(m)s, 0, 0, 1, 'la')"),
}


@pytest.mark.parametrize("table", sorted(INSERTS))
@pytest.mark.parametrize(("start", "end", "listed"), [("public", "private", False),
                                                     ("unlisted", "public", True)])
def test_a_flip_waits_for_an_insert_in_flight_and_rewrites_it(
    migrated_db: str, table: str, start: str, end: str, listed: bool
) -> None:
    (creator,), (m,), (fan,) = setup_world(migrated_db, 1, 1, 1)
    with psycopg.connect(migrated_db, autocommit=True) as conn:
        conn.execute("update public.mashups set visibility = %s where id = %s", (start, m))
    who, sql = INSERTS[table]

    def insert(db: Db) -> None:
        db.as_user(fan if who == "fan" else creator)
        assert db.rowcount(sql, {"u": fan, "m": m}) == 1

    def flip(db: Db) -> None:
        db.as_user(creator).all("update public.mashups set visibility = %s where id = %s",
                                (end, m))

    assert _two_sessions(migrated_db, insert, flip) == []
    assert query(migrated_db, f"select mashup_listed from public.{table} where mashup_id = %s",
                 (m,)) == [(listed,)]


GATE = 280_025  # the advisory lock key the parked insert waits on


@pytest.mark.parametrize(("start", "end", "listed"), [("public", "private", False),
                                                     ("unlisted", "public", True)])
def test_a_flip_committed_between_an_inserts_row_and_its_recheck_is_corrected(
    migrated_db: str, start: str, end: str, listed: bool
) -> None:
    """A two-row insert computes its first row's flag, then parks (its second row waits on
    an advisory lock) while the flip commits without waiting for anything (the insert
    holds no lock on the mashup yet). The statement's recheck then corrects the first row."""
    (creator,), (m, other), (fan,) = setup_world(migrated_db, 1, 2, 1)
    with psycopg.connect(migrated_db, autocommit=True) as conn:
        conn.execute("update public.mashups set visibility = %s where id = %s", (start, m))
    gate = psycopg.connect(migrated_db, autocommit=True)

    def insert(db: Db) -> None:
        db.as_user(fan).all(
            "insert into public.mashup_comments (user_id, mashup_id, body) "
            "select %(u)s, v.m, v.body from (values (%(m)s::uuid, 'first', 1), "
            "(%(o)s::uuid, 'second', 2)) as v (m, body, n) "
            "where v.n = 1 or pg_advisory_xact_lock_shared(%(k)s)::text = ''",
            {"u": fan, "m": m, "o": other, "k": GATE},
        )

    try:
        gate.execute("select pg_advisory_lock(%s)", (GATE,))
        with _waiting(migrated_db, insert) as errors:  # parked on the gate
            with psycopg.connect(migrated_db, autocommit=False) as flipper:
                Db(flipper).as_user(creator).all(
                    "update public.mashups set visibility = %s where id = %s", (end, m))
                flipper.commit()  # not blocked: it committed while the insert is parked
            gate.execute("select pg_advisory_unlock(%s)", (GATE,))
    finally:
        gate.close()
    assert errors == []
    assert query(migrated_db, "select body, mashup_listed from public.mashup_comments "
                 "where user_id = %s order by body", (fan,)) == [("first", listed),
                                                                 ("second", True)]


# --- snapshots older than the statement (REPEATABLE READ, SERIALIZABLE) ----------------------
@pytest.mark.parametrize("level", ["repeatable read", "serializable"])
def test_a_flip_outside_read_committed_is_refused(migrated_db: str, level: str) -> None:
    """The flip's snapshot predates a comment committed meanwhile, which its rewrite could
    not see (it stayed listed on the private mashup): such a flip is refused outright; an
    edit that keeps the listed state is not; the same flip in READ COMMITTED rewrites it."""
    (creator,), (m,), (fan,) = setup_world(migrated_db, 1, 1, 1)
    with psycopg.connect(migrated_db, autocommit=False) as old, \
            psycopg.connect(migrated_db, autocommit=True) as now:
        old.execute(f"set transaction isolation level {level}")
        db = Db(old).as_user(creator)
        assert db.val("select count(*) from public.mashup_comments where mashup_id = %s",
                      (m,)) == 0  # the snapshot is taken
        Db(now).as_admin().insert("mashup_comments", mashup_id=m, user_id=fan, body="later")
        assert db.rowcount("update public.mashups set title = 'kept' where id = %s", (m,)) == 1
        with db.refused("0A000"):
            db.all(PRIVATE, {"m": m})
        old.rollback()
        db.as_user(creator)  # a new transaction, READ COMMITTED
        assert db.rowcount(PRIVATE, {"m": m}) == 1
        old.commit()
    assert query(migrated_db, "select mashup_listed from public.mashup_comments "
                 "where mashup_id = %s", (m,)) == [(False,)]


@pytest.mark.parametrize("table", TABLES)
def test_an_insert_outside_read_committed_racing_a_flip_fails_retryably(
    migrated_db: str, table: str
) -> None:
    (creator,), (m,), (fan,) = setup_world(migrated_db, 1, 1, 1)
    who, sql = INSERTS[table]
    with psycopg.connect(migrated_db, autocommit=False) as old:
        old.execute("set transaction isolation level repeatable read")
        db = Db(old).as_user(fan if who == "fan" else creator)
        assert db.val("select visibility from public.mashups where id = %s", (m,)) == "public"
        with psycopg.connect(migrated_db, autocommit=False) as flipper:
            Db(flipper).as_user(creator).all(PRIVATE, {"m": m})
            flipper.commit()
        with db.refused("40001"):  # its snapshot still sees the mashup public
            db.all(sql, {"u": fan, "m": m})
        old.rollback()
    assert query(migrated_db, f"select count(*) from public.{table} where mashup_id = %s",
                 (m,)) == [(0,)]
