"""functions/likes.sql: like_count stays exact when service_role moves likes between mashups.

Only service_role may update mashup_likes (clients have no update grant). An update that
re-points likes to another mashup removes them from the old mashup's like_count and adds
them to the new one's; an update that moves nothing leaves every count alone."""

from __future__ import annotations

import uuid

import psycopg
import pytest

from .kit import Db


def publish(db: Db, user) -> uuid.UUID:
    db.as_user(user)
    return db.val(
        "insert into public.mashups (creator_id, title, status) values (%s, 't', 'published') "
        "returning id",
        (user,),
    )


def like(db: Db, user, mashup) -> None:
    db.as_user(user)
    db.all("insert into public.mashup_likes (user_id, mashup_id) values (%s, %s)", (user, mashup))


def counts(db: Db, *mashups) -> list[tuple[int, int]]:
    """(like_count, the likes that really exist) per mashup, in the order given."""
    db.as_admin()
    return [
        db.one(
            "select m.like_count, (select count(*) from public.mashup_likes as l "
            "where l.mashup_id = m.id)::integer from public.mashups as m where m.id = %s",
            (m,),
        )
        for m in mashups
    ]


def test_moving_likes_to_another_mashup_moves_their_count(db: Db) -> None:
    creator, a, b, c = db.user(), db.user(), db.user(), db.user()
    first, second = publish(db, creator), publish(db, creator)
    for fan in (a, b, c):
        like(db, fan, first)
    like(db, a, second)
    assert counts(db, first, second) == [(3, 3), (1, 1)]

    db.as_service()
    moved = db.rowcount(
        "update public.mashup_likes set mashup_id = %s "
        "where mashup_id = %s and user_id in (%s, %s)",
        (second, first, b, c),
    )
    assert moved == 2
    assert counts(db, first, second) == [(1, 1), (3, 3)]


def test_an_update_that_moves_nothing_keeps_the_counts(db: Db) -> None:
    creator, a, b = db.user(), db.user(), db.user()
    first = publish(db, creator)
    like(db, a, first)
    like(db, b, first)
    db.as_service()
    assert db.rowcount(
        "update public.mashup_likes set created_at = created_at - interval '1 day' "
        "where mashup_id = %s",
        (first,),
    ) == 2
    assert counts(db, first) == [(2, 2)]


def test_swapping_likes_between_two_mashups_in_one_statement_nets_out(db: Db) -> None:
    creator, a, b = db.user(), db.user(), db.user()
    first, second = publish(db, creator), publish(db, creator)
    like(db, a, first)
    like(db, b, second)
    db.as_service()
    db.all(
        "update public.mashup_likes set mashup_id = case mashup_id when %s then %s else %s end "
        "where user_id in (%s, %s)",
        (first, second, first, a, b),
    )
    assert counts(db, first, second) == [(1, 1), (1, 1)]


def test_a_client_still_cannot_move_a_like(db: Db) -> None:
    creator, fan = db.user(), db.user()
    first, second = publish(db, creator), publish(db, creator)
    like(db, fan, first)
    db.as_user(fan)
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        db.all(
            "update public.mashup_likes set mashup_id = %s where user_id = %s", (second, fan)
        )
