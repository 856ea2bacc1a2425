"""battle_votes (0013) + functions/battles.sql: the vote rules and battle_tally."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest

from .kit import Db


@dataclass
class Arena:
    author_a: uuid.UUID
    author_b: uuid.UUID
    voter: uuid.UUID
    battle: uuid.UUID
    entry_a: uuid.UUID
    entry_b: uuid.UUID
    other_battle: uuid.UUID
    other_entry: uuid.UUID


def _entry(db: Db, challenge: uuid.UUID, author: uuid.UUID) -> uuid.UUID:
    return db.insert(
        "challenge_entries", challenge_id=challenge, mashup_id=db.mashup(author), user_id=author
    )


def _battle(db: Db, a: uuid.UUID, b: uuid.UUID, **cols) -> uuid.UUID:
    cols.setdefault("ends_at", "infinity")
    return db.insert("battles", entry_a_id=a, entry_b_id=b, **cols)


@pytest.fixture
def arena(db: Db) -> Arena:
    author_a, author_b, author_c, voter = (db.user() for _ in range(4))
    challenge = db.insert("challenges", title="c", status="voting")
    entry_a, entry_b = _entry(db, challenge, author_a), _entry(db, challenge, author_b)
    entry_c, entry_d = _entry(db, challenge, author_c), _entry(db, challenge, author_a)
    return Arena(
        author_a, author_b, voter,
        _battle(db, entry_a, entry_b, challenge_id=challenge,
                ends_at=db.val("select now() + interval '1 day'")),
        entry_a, entry_b,
        _battle(db, entry_c, entry_d, challenge_id=challenge),
        entry_c,
    )


def vote(db: Db, battle, entry, user) -> uuid.UUID:
    return db.val(
        "insert into public.battle_votes (battle_id, entry_id, user_id) values (%s, %s, %s) "
        "returning id",
        (battle, entry, user),
    )


def tally(db: Db, battle) -> list[tuple]:
    return db.all("select entry_id, votes from public.battle_tally(%s)", (battle,))


def test_vote_counts_in_tally_and_earns_xp(db: Db, arena: Arena) -> None:
    db.as_user(arena.voter)
    vote(db, arena.battle, arena.entry_a, arena.voter)
    assert tally(db, arena.battle) == [(arena.entry_a, 1), (arena.entry_b, 0)]
    assert db.all(
        "select amount, reason, reference_id from public.xp_transactions"
    ) == [(5, "battle_vote", arena.battle)]
    # a second voter, for B; everyone (anon too) reads the tally
    other = db.user()
    db.as_user(other)
    vote(db, arena.battle, arena.entry_b, other)
    db.as_anon()
    assert tally(db, arena.battle) == [(arena.entry_a, 1), (arena.entry_b, 1)]
    assert tally(db, arena.other_battle) == [(arena.other_entry, 0), (db.as_admin().val(
        "select entry_b_id from public.battles where id = %s", (arena.other_battle,)), 0)]


def test_tally_of_unknown_battle_is_empty(db: Db) -> None:
    db.as_anon()
    assert tally(db, uuid.uuid4()) == []


def test_entry_author_may_vote_for_the_opponent(db: Db, arena: Arena) -> None:
    db.as_user(arena.author_a)
    vote(db, arena.battle, arena.entry_b, arena.author_a)
    assert tally(db, arena.battle) == [(arena.entry_a, 0), (arena.entry_b, 1)]


def test_one_vote_per_user_per_battle(db: Db, arena: Arena) -> None:
    db.as_user(arena.voter)
    vote(db, arena.battle, arena.entry_a, arena.voter)
    with db.refused("23505"):
        vote(db, arena.battle, arena.entry_b, arena.voter)
    with db.refused("23505"):
        vote(db, arena.battle, arena.entry_a, arena.voter)
    # a vote in another battle is a separate vote
    vote(db, arena.other_battle, arena.other_entry, arena.voter)
    assert tally(db, arena.battle) == [(arena.entry_a, 1), (arena.entry_b, 0)]


def test_entry_must_belong_to_the_battle(db: Db, arena: Arena) -> None:
    db.as_user(arena.voter)
    with db.refused("22023", "is not part of battle"):
        vote(db, arena.battle, arena.other_entry, arena.voter)
    # service_role is held to the same rule (the trigger fires for every writer)
    db.as_service()
    with db.refused("22023"):
        vote(db, arena.battle, arena.other_entry, arena.voter)


def test_unknown_battle(db: Db, arena: Arena) -> None:
    db.as_user(arena.voter)
    with db.refused("P0002"):
        vote(db, uuid.uuid4(), arena.entry_a, arena.voter)


@pytest.mark.parametrize(
    "change",
    ["status = 'closed'", "ends_at = now() - interval '1 second'", "ends_at = now()"],
)
def test_only_while_open(db: Db, arena: Arena, change: str) -> None:
    db.all(f"update public.battles set {change} where id = %s", (arena.battle,))
    db.as_user(arena.voter)
    with db.refused("55000", "not open for voting"):
        vote(db, arena.battle, arena.entry_a, arena.voter)
    db.as_service()
    with db.refused("55000"):
        vote(db, arena.battle, arena.entry_a, arena.voter)


def test_never_as_someone_else(db: Db, arena: Arena) -> None:
    db.as_user(arena.voter)
    with db.refused("42501"):
        vote(db, arena.battle, arena.entry_a, arena.author_b)
    assert tally(db, arena.battle) == [(arena.entry_a, 0), (arena.entry_b, 0)]


def test_not_for_own_entry(db: Db, arena: Arena) -> None:
    db.as_user(arena.author_a)
    with db.refused("42501", "own entry"):
        vote(db, arena.battle, arena.entry_a, arena.author_a)
    db.as_service()
    with db.refused("42501"):
        vote(db, arena.battle, arena.entry_a, arena.author_a)


def test_anonymous_cannot_vote(db: Db, arena: Arena) -> None:
    db.as_anon()
    with db.refused("42501"):
        vote(db, arena.battle, arena.entry_a, arena.voter)


def test_vote_is_final_and_rules_hold_on_update(db: Db, arena: Arena) -> None:
    db.as_user(arena.voter)
    vid = vote(db, arena.battle, arena.entry_a, arena.voter)
    with db.refused("42501"):
        db.all("update public.battle_votes set entry_id = %s where id = %s", (arena.entry_b, vid))
    with db.refused("42501"):
        db.all("delete from public.battle_votes where id = %s", (vid,))
    # service_role may move a vote, but not to an entry outside the battle
    db.as_service()
    with db.refused("22023"):
        db.all(
            "update public.battle_votes set entry_id = %s where id = %s", (arena.other_entry, vid)
        )
