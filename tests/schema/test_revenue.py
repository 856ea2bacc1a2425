"""Revenue splits (0015) + functions/revenue.sql: percentages, activation, money columns,
record_revenue (fee + remainder rule, property-tested) and earnings_summary."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .kit import Db

CENT = Decimal("0.01")


@dataclass
class Split:
    creator: uuid.UUID
    mashup: uuid.UUID
    id: uuid.UUID


@pytest.fixture
def split(db: Db) -> Split:
    creator = db.user()
    mashup = db.mashup(creator)
    db.as_user(creator)
    sid = db.val(
        "insert into public.revenue_splits (mashup_id, creator_id) values (%s, %s) returning id",
        (mashup, creator),
    )
    return Split(creator, mashup, sid)


def add_recipient(db: Db, split_id, pct, user=None, **cols) -> uuid.UUID:
    names = ", ".join(["split_id", "user_id", "display_name", "percentage", *cols])
    marks = ", ".join(["%s"] * (4 + len(cols)))
    return db.val(
        f"insert into public.revenue_split_recipients ({names}) values ({marks}) returning id",
        (split_id, user, "r", pct, *cols.values()),
    )


def set_status(db: Db, split_id, status: str) -> int:
    return db.rowcount("update public.revenue_splits set status = %s where id = %s",
                       (status, split_id))


def record(db: Db, split_id, amount) -> list[tuple]:
    return db.all(
        "select kind, recipient_id, user_id, amount from public.record_revenue(%s, %s)",
        (split_id, amount),
    )


# --- percentages and activation ----------------------------------------------------------
def test_created_as_draft_with_default_fee(db: Db, split: Split) -> None:
    assert db.one(
        "select status, platform_fee_percent, total_revenue from public.revenue_splits "
        "where id = %s", (split.id,)
    ) == ("draft", Decimal("15.00"), Decimal("0.00"))


def test_percentages_never_exceed_100(db: Db, split: Split) -> None:
    a, b = db.user(), db.user()
    add_recipient(db, split.id, "60", a)
    with db.refused("23514", "more than 100"):
        add_recipient(db, split.id, "40.01", b)
    rid = add_recipient(db, split.id, "40", b)
    with db.refused("23514"):
        db.all("update public.revenue_split_recipients set percentage = 40.5 where id = %s",
               (rid,))
    for bad in ("0", "-1", "100.01"):
        with db.refused("23514"):
            add_recipient(db, split.id, bad, a)
    # several rows in one statement are checked too
    other = Split(split.creator, split.mashup, db.val(
        "insert into public.revenue_splits (mashup_id, creator_id) values (%s, %s) returning id",
        (split.mashup, split.creator)))
    with db.refused("23514"):
        db.all(
            "insert into public.revenue_split_recipients (split_id, display_name, percentage) "
            "values (%s, 'x', 70), (%s, 'y', 31)", (other.id, other.id))


def test_activation_needs_exactly_100(db: Db, split: Split) -> None:
    rid = add_recipient(db, split.id, "99.99")
    with db.refused("23514", "not 100"):
        set_status(db, split.id, "active")
    db.all("update public.revenue_split_recipients set percentage = 100 where id = %s", (rid,))
    assert set_status(db, split.id, "active") == 1
    assert db.one(
        "select status, activated_at = now() from public.revenue_splits where id = %s",
        (split.id,),
    ) == ("active", True)


def test_empty_split_cannot_activate(db: Db, split: Split) -> None:
    with db.refused("23514"):
        set_status(db, split.id, "active")


def test_active_split_recipients_are_frozen(db: Db, split: Split) -> None:
    r1 = add_recipient(db, split.id, "50")
    add_recipient(db, split.id, "50")
    set_status(db, split.id, "active")
    # the creator's edits no longer match the policy (0 rows / RLS refusal)
    assert db.rowcount(
        "update public.revenue_split_recipients set display_name = 'z' where id = %s", (r1,)) == 0
    assert db.rowcount("delete from public.revenue_split_recipients where id = %s", (r1,)) == 0
    with db.refused("42501"):
        add_recipient(db, split.id, "1")
    # even service_role must keep an active split at exactly 100
    db.as_service()
    with db.refused("23514", "must total 100"):
        db.all("update public.revenue_split_recipients set percentage = 40 where id = %s", (r1,))
    with db.refused("23514"):
        db.all("delete from public.revenue_split_recipients where id = %s", (r1,))
    # pause, edit, re-activate
    db.as_user(split.creator)
    assert set_status(db, split.id, "paused") == 1
    db.all("update public.revenue_split_recipients set percentage = 40 where id = %s", (r1,))
    with db.refused("23514"):
        set_status(db, split.id, "active")
    add_recipient(db, split.id, "10")
    assert set_status(db, split.id, "active") == 1


def test_status_rules_for_clients(db: Db, split: Split) -> None:
    add_recipient(db, split.id, "100")
    set_status(db, split.id, "active")
    with db.refused("55000", "cannot return to draft"):
        set_status(db, split.id, "draft")
    with db.refused("42501", "only the platform completes"):
        set_status(db, split.id, "completed")
    db.as_service()
    assert set_status(db, split.id, "completed") == 1
    # a completed split stays completed as far as clients are concerned
    db.as_user(split.creator)
    for status in ("active", "paused"):
        with db.refused("42501", "completed"):
            set_status(db, split.id, status)


def test_split_only_on_own_mashup_and_as_draft(db: Db, split: Split) -> None:
    stranger = db.user()
    db.as_user(stranger)
    with db.refused("42501"):
        db.all("insert into public.revenue_splits (mashup_id, creator_id) values (%s, %s)",
               (split.mashup, stranger))
    with db.refused("42501"):  # status is not client-insertable
        db.all("insert into public.revenue_splits (mashup_id, creator_id, status) "
               "values (%s, %s, 'active')", (db.mashup(stranger), stranger))
    db.as_service()
    with db.refused("23514", "created as draft"):
        db.all("insert into public.revenue_splits (mashup_id, creator_id, status) "
               "values (%s, %s, 'active')", (split.mashup, split.creator))


@pytest.mark.parametrize(
    "sql",
    [
        "update public.revenue_splits set total_revenue = 1000 where id = %s",
        "update public.revenue_splits set total_distributed = 1000 where id = %s",
        "update public.revenue_splits set total_pending = 1000 where id = %s",
        "update public.revenue_splits set platform_fee_percent = 0 where id = %s",
        "update public.revenue_splits set activated_at = now() where id = %s",
        "update public.revenue_splits set creator_id = creator_id where id = %s",
        "update public.revenue_split_recipients set total_received = 1000 where split_id = %s",
        "update public.revenue_split_recipients set verified = true where split_id = %s",
        "update public.revenue_split_recipients set split_id = split_id where split_id = %s",
        "insert into public.revenue_split_recipients (split_id, display_name, percentage, "
        "total_received) values (%s, 'x', 1, 500)",
        "insert into public.revenue_splits (mashup_id, creator_id, total_revenue) "
        "select mashup_id, creator_id, 5 from public.revenue_splits where id = %s",
    ],
)
def test_creator_cannot_write_money_columns(db: Db, split: Split, sql: str) -> None:
    add_recipient(db, split.id, "100")
    with db.refused("42501"):
        db.all(sql, (split.id,))


def test_delete_only_draft_without_revenue(db: Db, split: Split) -> None:
    add_recipient(db, split.id, "100")
    set_status(db, split.id, "active")
    assert db.rowcount("delete from public.revenue_splits where id = %s", (split.id,)) == 0
    db.as_service()
    db.all("update public.revenue_splits set status = 'paused' where id = %s", (split.id,))
    db.as_user(split.creator)
    assert db.rowcount("delete from public.revenue_splits where id = %s", (split.id,)) == 0


# --- record_revenue -------------------------------------------------------------------------
def _active(db: Db, split: Split, pcts: list[str], fee: str | None = None) -> list[uuid.UUID]:
    users = [db.user() for _ in pcts]
    db.as_user(split.creator)
    ids = [add_recipient(db, split.id, p, u) for p, u in zip(pcts, users, strict=True)]
    set_status(db, split.id, "active")
    if fee is not None:
        db.as_admin().all("update public.revenue_splits set platform_fee_percent = %s "
                          "where id = %s", (fee, split.id))
    return ids


def test_record_revenue_happy_path(db: Db, split: Split) -> None:
    r1, r2 = _active(db, split, ["60", "40"])
    db.as_service()
    rows = record(db, split.id, Decimal("100.00"))
    users = dict(db.all("select id, user_id from public.revenue_split_recipients"))
    assert sorted(rows, key=str) == sorted([
        ("recipient", r1, users[r1], Decimal("51.00")),
        ("recipient", r2, users[r2], Decimal("34.00")),
        ("fee", None, None, Decimal("15.00")),
    ], key=str)
    assert db.one(
        "select total_revenue, total_distributed, total_pending, last_distribution_at = now() "
        "from public.revenue_splits where id = %s", (split.id,)
    ) == (Decimal("100.00"), Decimal("85.00"), Decimal("0.00"), True)
    assert dict(db.all("select id, total_received from public.revenue_split_recipients")) == {
        r1: Decimal("51.00"), r2: Decimal("34.00")}
    record(db, split.id, "0.10")  # fee 0.015 -> 0.02 (half up); 0.08 -> 0.048/0.032
    assert db.one("select total_revenue, total_distributed from public.revenue_splits "
                  "where id = %s", (split.id,)) == (Decimal("100.10"), Decimal("85.08"))
    assert dict(db.all("select id, total_received from public.revenue_split_recipients")) == {
        r1: Decimal("51.05"), r2: Decimal("34.03")}


def test_leftover_cents_go_to_largest_remainders(db: Db, split: Split) -> None:
    a, b, c = _active(db, split, ["33.33", "33.33", "33.34"], fee="0")
    db.as_service()
    shares = {r[1]: r[3] for r in record(db, split.id, "1.00") if r[0] == "recipient"}
    assert shares == {a: Decimal("0.33"), b: Decimal("0.33"), c: Decimal("0.34")}


def test_ties_go_to_the_earliest_recipient(db: Db, split: Split) -> None:
    a, b = _active(db, split, ["50", "50"], fee="0")
    db.as_admin().all("update public.revenue_split_recipients set created_at = "
                      "now() - interval '1 hour' where id = %s", (b,))
    db.as_service()
    shares = {r[1]: r[3] for r in record(db, split.id, "0.01") if r[0] == "recipient"}
    assert shares == {a: Decimal("0.00"), b: Decimal("0.01")}
    # recipients with a zero share are not stamped as paid
    assert db.one("select last_payout_at is null from public.revenue_split_recipients "
                  "where id = %s", (a,)) == (True,)


@pytest.mark.parametrize("amount", [0, -1, "0.001", "1.005", None, "NaN", "Infinity",
                                    "1000000000000.00"])
def test_record_revenue_refuses_bad_amounts(db: Db, split: Split, amount) -> None:
    _active(db, split, ["100"])
    db.as_service()
    with db.refused("22023"):
        record(db, split.id, amount)
    assert db.val("select total_revenue from public.revenue_splits where id = %s",
                  (split.id,)) == 0


def test_record_revenue_refuses_overflowing_total(db: Db, split: Split) -> None:
    _active(db, split, ["100"])
    db.as_service()
    record(db, split.id, "999999999999.00")
    with db.refused("22023", "overflow"):
        record(db, split.id, "1.00")


@pytest.mark.parametrize("status", ["draft", "paused", "completed"])
def test_record_revenue_needs_active_split(db: Db, split: Split, status: str) -> None:
    add_recipient(db, split.id, "100")
    if status != "draft":
        set_status(db, split.id, "active")
        db.as_service()
        set_status(db, split.id, status)
    db.as_service()
    with db.refused("55000"):
        record(db, split.id, "10.00")


def test_record_revenue_unknown_split(db: Db) -> None:
    db.as_service()
    with db.refused("P0002"):
        record(db, uuid.uuid4(), "10.00")


@pytest.mark.parametrize("who", ["creator", "recipient", "anon"])
def test_record_revenue_is_service_only(db: Db, split: Split, who: str) -> None:
    (rid,) = _active(db, split, ["100"])
    recipient = db.as_admin().val(
        "select user_id from public.revenue_split_recipients where id = %s", (rid,))
    {"creator": lambda: db.as_user(split.creator), "recipient": lambda: db.as_user(recipient),
     "anon": db.as_anon}[who]()
    with db.refused("42501"):
        record(db, split.id, "10.00")


def test_record_revenue_rechecks_the_role_behind_the_grant(db: Db, split: Split) -> None:
    _active(db, split, ["100"])
    db.as_admin().all("grant execute on function public.record_revenue(uuid, numeric) "
                      "to authenticated")
    db.as_user(split.creator)
    with db.refused("42501", "not callable by clients"):
        record(db, split.id, "10.00")


# --- property: distributed + fee == amount, to the cent -----------------------------------
@st.composite
def splits(draw):
    n = draw(st.integers(1, 6))
    cuts = sorted(draw(st.sets(st.integers(1, 9999), min_size=n - 1, max_size=n - 1)))
    bounds = [0, *cuts, 10000]
    pcts = [Decimal(bounds[i + 1] - bounds[i]) / 100 for i in range(n)]
    ages = draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))  # ties on created_at
    fee = Decimal(draw(st.integers(0, 10000))) / 100
    amounts = draw(st.lists(
        st.one_of(st.integers(1, 1000), st.integers(1, 10**11)), min_size=1, max_size=3))
    return pcts, ages, fee, [Decimal(a) / 100 for a in amounts]


def expected_shares(distributable: Decimal, recipients: list[tuple]) -> dict:
    """recipients: (id, pct, age); largest remainder, ties by created_at then id."""
    exact = {rid: distributable * pct / 100 for rid, pct, _ in recipients}
    base = {rid: x.quantize(CENT, rounding=ROUND_DOWN) for rid, x in exact.items()}
    leftover = int((distributable - sum(base.values())) / CENT)
    assert 0 <= leftover < len(recipients)
    order = sorted(recipients, key=lambda r: (-(exact[r[0]] - base[r[0]]), -r[2], r[0]))
    for rid, _, _ in order[:leftover]:
        base[rid] += CENT
    return base


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=splits())
def test_distribution_adds_up_to_the_cent(db: Db, case) -> None:
    pcts, ages, fee_pct, amounts = case
    with db.scratch():
        creator = db.user()
        sid = db.insert("revenue_splits", mashup_id=db.mashup(creator), creator_id=creator)
        recipients = []
        for pct, age in zip(pcts, ages, strict=True):
            rid = db.insert("revenue_split_recipients", split_id=sid, user_id=db.user(),
                            display_name="r", percentage=pct)
            db.all("update public.revenue_split_recipients set created_at = now() - %s * "
                   "interval '1 minute' where id = %s", (age, rid))
            recipients.append((rid, pct, age))
        db.all("update public.revenue_splits set status = 'active', platform_fee_percent = %s "
               "where id = %s", (fee_pct, sid))
        received = {rid: Decimal(0) for rid, _, _ in recipients}
        total = distributed = Decimal(0)
        db.as_service()
        for amount in amounts:
            rows = record(db, sid, amount)
            fee = (amount * fee_pct / 100).quantize(CENT, rounding=ROUND_HALF_UP)
            shares = {r[1]: r[3] for r in rows if r[0] == "recipient"}
            assert [r[3] for r in rows if r[0] == "fee"] == [fee]
            assert sum(shares.values()) + fee == amount
            assert all(s >= 0 and s == s.quantize(CENT) for s in shares.values())
            assert shares == expected_shares(amount - fee, recipients)
            for rid, s in shares.items():
                received[rid] += s
            total += amount
            distributed += amount - fee
        assert db.one("select total_revenue, total_distributed from public.revenue_splits "
                      "where id = %s", (sid,)) == (total, distributed)
        assert dict(db.all("select id, total_received from public.revenue_split_recipients "
                           "where split_id = %s", (sid,))) == received
        db.as_admin()


# --- earnings_summary -----------------------------------------------------------------------
def test_earnings_summary(db: Db, split: Split) -> None:
    r1, r2 = _active(db, split, ["75", "25"], fee="10")
    u1 = db.as_admin().val("select user_id from public.revenue_split_recipients where id = %s",
                           (r1,))
    db.as_service()
    record(db, split.id, "200.00")  # 20 fee, 180: 135 / 45
    # u1 is also a recipient of a second, draft split of another creator
    other = db.user()
    sid2 = db.insert("revenue_splits", mashup_id=db.mashup(other), creator_id=other)
    db.insert("revenue_split_recipients", split_id=sid2, user_id=u1, display_name="r",
              percentage=50)
    db.as_user(u1)
    assert db.one("select * from public.earnings_summary()")[:3] == (Decimal("135.00"), 2, 1)
    assert db.one("select last_payout_at = now(), created_split_count, created_split_revenue, "
                  "created_split_distributed from public.earnings_summary()") == (
        True, 0, Decimal(0), Decimal(0))
    db.as_user(split.creator)
    assert db.one("select * from public.earnings_summary()") == (
        Decimal(0), 0, 0, None, 1, Decimal("200.00"), Decimal("180.00"))
    db.as_user(db.user())
    assert db.one("select * from public.earnings_summary()") == (
        Decimal(0), 0, 0, None, 0, Decimal(0), Decimal(0))


@pytest.mark.parametrize("who", ["anon", "service"])
def test_earnings_summary_needs_a_user(db: Db, who: str) -> None:
    db.as_anon() if who == "anon" else db.as_service()
    with db.refused("42501"):
        db.all("select * from public.earnings_summary()")
