"""Side routes through deletes and re-pointing: competitions and money (0022,
functions/challenges.sql, functions/revenue.sql).

Every test is an attack as a PostgREST client sends it (`set local role authenticated` +
`request.jwt.claims`, kit.Db.as_user) and shows that it fails with the SQLSTATE PostgreSQL
raises, or changes nothing, and that the legitimate action next to it still works.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

import psycopg
import pytest
from helpers import REPO

from toolkit import engine
from toolkit.db import Target
from toolkit.errors import MigrationFailed
from toolkit.project import Project

from .kit import Db
from .test_battles import _battle, _entry, tally, vote
from .test_revenue import add_recipient, record, set_status


# --- decided and running competitions survive their entrants --------------------------------
@dataclass
class Duel:
    winner: uuid.UUID
    loser: uuid.UUID
    challenge: uuid.UUID
    entry_w: uuid.UUID
    entry_l: uuid.UUID
    battle: uuid.UUID


def _mashup_of(db: Db, entry: uuid.UUID) -> uuid.UUID:
    return db.val("select mashup_id from public.challenge_entries where id = %s", (entry,))


def _duel(db: Db, *, decided: bool) -> Duel:
    """Two entrants in a battle with three votes (2 : 1); decided = closed with a winner."""
    winner, loser = db.user(), db.user()
    challenge = db.insert("challenges", title="duel", status="voting")
    entry_w, entry_l = _entry(db, challenge, winner), _entry(db, challenge, loser)
    battle = _battle(db, entry_w, entry_l, challenge_id=challenge)
    for entry in (entry_w, entry_w, entry_l):
        voter = db.user()
        db.as_user(voter)
        vote(db, battle, entry, voter)
    if decided:
        db.as_service()
        db.all("update public.battles set status = 'closed', winner_entry_id = %s where id = %s",
               (entry_w, battle))
    db.as_admin()
    return Duel(winner, loser, challenge, entry_w, entry_l, battle)


def _battle_state(db: Db, duel: Duel) -> tuple:
    return (
        db.all("select status, winner_entry_id from public.battles where id = %s", (duel.battle,)),
        sorted(tally(db, duel.battle)),
    )


@pytest.mark.parametrize("decided", [False, True], ids=["running", "decided"])
def test_losing_entrant_deleting_his_mashup_keeps_the_battle(db: Db, decided: bool) -> None:
    duel = _duel(db, decided=decided)
    before = _battle_state(db, duel)
    mashup = _mashup_of(db, duel.entry_l)
    db.as_user(duel.loser)
    # the attack of old: the mashup goes (his right), the battle, votes and winner stay
    assert db.rowcount("delete from public.mashups where id = %s", (mashup,)) == 1
    db.as_anon()
    assert _battle_state(db, duel) == before
    assert db.one(
        "select mashup_id, user_id from public.challenge_entries where id = %s", (duel.entry_l,)
    ) == (None, duel.loser)


def test_entry_in_a_battle_cannot_be_withdrawn_even_while_active(db: Db) -> None:
    duel = _duel(db, decided=False)
    db.all("update public.challenges set status = 'active' where id = %s", (duel.challenge,))
    before = _battle_state(db, duel)
    db.as_user(duel.loser)
    assert db.rowcount("delete from public.challenge_entries where id = %s", (duel.entry_l,)) == 0
    assert _battle_state(db, duel) == before
    # legitimate: an entry in no battle is withdrawn, directly or with its mashup
    free = _entry(db, duel.challenge, duel.loser)
    free2 = _entry(db, duel.challenge, duel.loser)
    assert db.rowcount("delete from public.challenge_entries where id = %s", (free,)) == 1
    assert db.rowcount("delete from public.mashups where id = %s", (_mashup_of(db, free2),)) == 1
    db.as_admin()
    assert db.val(
        "select count(*) from public.challenge_entries where id in (%s, %s)", (free, free2)) == 0


def test_entry_of_a_closed_challenge_stays_as_a_tombstone(db: Db) -> None:
    author = db.user()
    challenge = db.insert("challenges", title="over", status="closed")
    entry = _entry(db, challenge, author)
    db.as_user(author)
    assert db.rowcount("delete from public.challenge_entries where id = %s", (entry,)) == 0
    assert db.rowcount("delete from public.mashups where id = %s", (_mashup_of(db, entry),)) == 1
    assert db.one("select mashup_id, user_id from public.challenge_entries where id = %s",
                  (entry,)) == (None, author)


def test_moderation_and_account_erasure_keep_the_battle(db: Db) -> None:
    duel = _duel(db, decided=True)
    before = _battle_state(db, duel)
    db.as_service()
    assert db.rowcount("delete from public.mashups where id = %s",
                       (_mashup_of(db, duel.entry_w),)) == 1
    db.as_admin()  # account erasure: auth.users -> profiles -> mashups, entries
    db.all("delete from auth.users where id = %s", (duel.loser,))
    assert _battle_state(db, duel) == before
    entries = db.all(
        "select id, mashup_id, user_id from public.challenge_entries where id in (%s, %s)",
        (duel.entry_w, duel.entry_l),
    )
    assert {e[0]: e[1:] for e in entries} == {
        duel.entry_w: (None, duel.winner), duel.entry_l: (None, None)
    }


# --- money stays with whoever earned it ----------------------------------------------------
@dataclass
class Paid:
    creator: uuid.UUID
    earner: uuid.UUID
    mashup: uuid.UUID
    split: uuid.UUID
    earner_row: uuid.UUID
    creator_row: uuid.UUID


def _earnings(db: Db, user: uuid.UUID) -> tuple:
    db.as_user(user)
    return db.one("select total_received, recipient_split_count from public.earnings_summary()")


@pytest.fixture
def paid(db: Db) -> Paid:
    """An active split 50/50 between its creator and a verified collaborator, paid 100.00
    once (42.50 each after the 15 % fee), then paused by the creator."""
    creator, earner = db.user(), db.user()
    mashup = db.mashup(creator)
    db.as_user(creator)
    split = db.val("insert into public.revenue_splits (mashup_id, creator_id) values (%s, %s) "
                   "returning id", (mashup, creator))
    earner_row = add_recipient(db, split, "50", earner, wallet_address="0xearner")
    creator_row = add_recipient(db, split, "50", creator)
    db.as_service()
    db.all("update public.revenue_split_recipients set verified = true where id = %s",
           (earner_row,))
    db.as_user(creator)
    assert set_status(db, split, "active") == 1
    db.as_service()
    record(db, split, "100.00")
    db.as_user(creator)
    assert set_status(db, split, "paused") == 1
    return Paid(creator, earner, mashup, split, earner_row, creator_row)


def _row(db: Db, rid: uuid.UUID) -> tuple:
    db.as_admin()
    return db.one(
        "select user_id, wallet_address, total_received, verified "
        "from public.revenue_split_recipients where id = %s", (rid,))


@pytest.mark.parametrize("change", [
    "user_id = %(creator)s",
    "wallet_address = '0xcreator'",
    "user_id = %(creator)s, wallet_address = '0xcreator', percentage = 50",
])
def test_creator_cannot_repoint_a_paid_row(db: Db, paid: Paid, change: str) -> None:
    before = (_row(db, paid.earner_row), _earnings(db, paid.earner))
    db.as_user(paid.creator)
    with db.refused("42501", "belong to the recipient"):
        db.all(f"update public.revenue_split_recipients set {change} where id = %(id)s",
               {"creator": paid.creator, "id": paid.earner_row})
    assert set_status(db, paid.split, "active") == 1
    db.as_service()
    record(db, paid.split, "100.00")  # future revenue still follows the earner
    assert _row(db, paid.earner_row)[:3] == (paid.earner, "0xearner", Decimal("85.00"))
    assert before[1] == (Decimal("42.50"), 1)
    assert _earnings(db, paid.earner) == (Decimal("85.00"), 1)


def test_creator_cannot_delete_a_paid_row(db: Db, paid: Paid) -> None:
    db.as_user(paid.creator)
    with db.refused("42501", "stays with its recipient"):
        db.all("delete from public.revenue_split_recipients where id = %s", (paid.earner_row,))
    # his own paid row is protected the same way: history is nobody's to erase from a client
    with db.refused("42501"):
        db.all("delete from public.revenue_split_recipients where id = %s", (paid.creator_row,))
    assert _earnings(db, paid.earner) == (Decimal("42.50"), 1)


def test_paid_row_cannot_move_to_another_split(db: Db, paid: Paid) -> None:
    db.as_user(paid.creator)
    other = db.val("insert into public.revenue_splits (mashup_id, creator_id) values (%s, %s) "
                   "returning id", (paid.mashup, paid.creator))
    with db.refused("42501", "permission denied"):
        db.all("update public.revenue_split_recipients set split_id = %s where id = %s",
               (other, paid.earner_row))
    # nor can the split that holds it be deleted: it took money, so it is never draft again
    assert db.rowcount("delete from public.revenue_splits where id = %s", (paid.split,)) == 0
    assert _earnings(db, paid.earner) == (Decimal("42.50"), 1)


def test_verified_row_of_a_draft_split_blocks_deleting_the_split(db: Db) -> None:
    creator, collaborator = db.user(), db.user()
    db.as_user(creator)
    split = db.val("insert into public.revenue_splits (mashup_id, creator_id) values (%s, %s) "
                   "returning id", (db.mashup(creator), creator))
    row = add_recipient(db, split, "40", collaborator)
    db.as_service()
    db.all("update public.revenue_split_recipients set verified = true where id = %s", (row,))
    db.as_user(creator)
    with db.refused("42501", "stays with its recipient"):
        db.all("delete from public.revenue_splits where id = %s", (split,))
    # legitimate: an unverified, unpaid row is the creator's to change or remove
    spare = add_recipient(db, split, "10", db.user())
    assert db.rowcount("update public.revenue_split_recipients set user_id = %s where id = %s",
                       (creator, spare)) == 1
    assert db.rowcount("delete from public.revenue_split_recipients where id = %s", (spare,)) == 1


def test_creator_may_still_set_future_percentages(db: Db, paid: Paid) -> None:
    db.as_user(paid.creator)
    assert db.rowcount(
        "update public.revenue_split_recipients set display_name = 'renamed', "
        "percentage = case id when %s then 10 else 90 end where split_id = %s",
        (paid.earner_row, paid.split)) == 2
    # the earner's balance stays, and a changed share is no longer "verified"
    assert _row(db, paid.earner_row) == (paid.earner, "0xearner", Decimal("42.50"), False)
    db.as_user(paid.creator)
    assert set_status(db, paid.split, "active") == 1
    # the platform changes a wallet at the recipient's request
    db.as_service()
    assert db.rowcount("update public.revenue_split_recipients set wallet_address = '0xnew' "
                       "where id = %s", (paid.earner_row,)) == 1


def test_money_survives_deleting_the_mashup_and_the_creators_account(db: Db, paid: Paid) -> None:
    db.as_user(paid.creator)
    assert db.rowcount("delete from public.mashups where id = %s", (paid.mashup,)) == 1
    assert _earnings(db, paid.earner) == (Decimal("42.50"), 1)
    db.as_admin()
    db.all("delete from auth.users where id = %s", (paid.creator,))
    assert db.one("select mashup_id, creator_id, total_revenue from public.revenue_splits "
                  "where id = %s", (paid.split,)) == (None, None, Decimal("100.00"))
    assert _earnings(db, paid.earner) == (Decimal("42.50"), 1)
    # a creator-less split is the platform's: no client policy matches it any more
    db.as_user(paid.earner)
    assert db.rowcount("update public.revenue_splits set status = 'active' where id = %s",
                       (paid.split,)) == 0


# --- 0022's rollback: refuses while tombstones or creator-less splits exist ----------------
def _fk_actions(url: str) -> dict[str, str]:
    with psycopg.connect(url) as conn:
        return dict(conn.execute(
            "select conname, confdeltype::text from pg_constraint where conname in "
            "('challenge_entries_mashup_id_fkey', 'challenge_entries_user_id_fkey', "
            "'revenue_splits_creator_id_fkey')").fetchall())


def test_rollback_refuses_while_tombstones_exist_then_restores_the_cascades(
    migrated_db: str,
) -> None:
    with psycopg.connect(migrated_db, autocommit=True) as conn:
        d = Db(conn)
        author = d.user()
        entry = _entry(d, d.insert("challenges", title="over", status="closed"), author)
        d.all("delete from public.mashups where id = %s", (_mashup_of(d, entry),))
    target, project = Target(migrated_db, "test"), Project(REPO)
    with pytest.raises(MigrationFailed) as caught:
        engine.rollback(target, project, to="0021_concurrent_indexes", confirm=lambda _: True)
    assert "0022_lifecycle_guards" in str(caught.value) and "(SQLSTATE 23514)" in str(caught.value)
    assert "1 tombstoned challenge entr" in str(caught.value)
    assert set(_fk_actions(migrated_db).values()) == {"n"}  # still set null, entry kept
    with psycopg.connect(migrated_db, autocommit=True) as conn:
        conn.execute("delete from public.challenge_entries where id = %s", (entry,))
    engine.rollback(target, project, to="0021_concurrent_indexes", confirm=lambda _: True)
    assert set(_fk_actions(migrated_db).values()) == {"c"}
    engine.migrate(target, project)
    assert set(_fk_actions(migrated_db).values()) == {"n"}
