"""Revenue splits under concurrent requests: lock order of recipients, splits, record_revenue.

Each test runs 8 sessions in threads on a fresh clone, every session PostgREST-style
(`set local role` + `request.jwt.claims`, one transaction per request), started together
on a barrier, each doing a bounded number of requests. No request may fail because of
another session's timing (no 40P01 deadlock, no 40001), and the totals afterwards are exact.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

import psycopg

from .kit import SESSIONS, Db, run_sessions

CENT = Decimal("0.01")


def _setup(url: str) -> Db:
    return Db(psycopg.connect(url, autocommit=True))


def test_concurrent_recipient_inserts_on_one_draft_split(migrated_db: str) -> None:
    """The creator adds recipients from 8 sessions at once, 6 rows of 2.5 % each: exactly 40
    fit (100 %), the other 8 are refused with 23514 (whichever session they come from),
    never with 40P01."""
    setup = _setup(migrated_db)
    creator = setup.user()
    split = setup.insert(
        "revenue_splits", mashup_id=setup.mashup(creator), creator_id=creator
    )
    outcomes: list[str] = []

    def adder(db: Db, _: int) -> None:
        for _ in range(6):
            db.as_user(creator)
            try:
                db.all(
                    "insert into public.revenue_split_recipients "
                    "(split_id, display_name, percentage) values (%s, 'r', 2.5)", (split,))
                db.conn.commit()
                outcomes.append("ok")
            except psycopg.Error as exc:
                db.conn.rollback()
                outcomes.append(exc.sqlstate or "?")

    assert run_sessions(migrated_db, adder) == []
    assert sorted(set(outcomes)) == ["23514", "ok"], outcomes
    assert outcomes.count("ok") == 5 * SESSIONS and outcomes.count("23514") == SESSIONS
    assert setup.one(
        "select count(*), sum(percentage) from public.revenue_split_recipients where split_id = %s",
        (split,),
    ) == (5 * SESSIONS, Decimal("100.00"))
    setup.conn.close()


def _fee(amount: Decimal) -> Decimal:
    return (amount * Decimal("15.00") / 100).quantize(CENT, rounding=ROUND_HALF_UP)


def test_record_revenue_against_concurrent_rebalances(migrated_db: str) -> None:
    """7 sessions record payments (service_role, record_revenue) while an 8th rebalances the
    same active split's percentages, one statement each time (service_role, keeping 100 %;
    its rows are locked before the split row, record_revenue's opposite order before the
    fix). Every request succeeds; each payment is split over one consistent set of
    percentages (its shares and fee add up to the amount); money is conserved to the cent."""
    setup = _setup(migrated_db)
    creator = setup.user()
    split = setup.insert(
        "revenue_splits", mashup_id=setup.mashup(creator), creator_id=creator
    )
    people = [setup.user() for _ in range(4)]
    for person in people:
        setup.insert("revenue_split_recipients", split_id=split, user_id=person,
                     display_name="r", percentage=25)
    setup.all("update public.revenue_splits set status = 'active' where id = %s", (split,))
    amounts = [Decimal(a) for a in ("10.00", "0.07", "99.99", "13.37", "1.01", "0.50", "7.77")]
    layouts = [
        tuple(Decimal(p) for p in layout)
        for layout in ((25, 25, 25, 25), (70, 10, 10, 10), (1, 2, 3, 94), ("40.5", "19.5", 30, 10))
    ]
    paid: list[Decimal] = []
    mismatched: list[tuple] = []

    def payer(amount: Decimal) -> Callable[[Db, int], None]:
        def job(db: Db, _: int) -> None:
            for _ in range(12):
                db.as_service()
                rows = db.all(
                    "select kind, amount from public.record_revenue(%s, %s)", (split, amount))
                db.conn.commit()
                shares = sum(a for kind, a in rows if kind == "recipient")
                fee = sum(a for kind, a in rows if kind == "fee")
                if shares + fee != amount or fee != _fee(amount):
                    mismatched.append((amount, rows))
                paid.append(amount)
        return job

    def rebalancer(db: Db, _: int) -> None:
        for i in range(24):
            layout = layouts[i % len(layouts)]
            db.as_service()
            db.all(
                "update public.revenue_split_recipients as r "
                "set percentage = v.pct from unnest(%s::uuid[], %s::numeric[]) as v (uid, pct) "
                "where r.split_id = %s and r.user_id = v.uid",
                (people, list(layout), split),
            )
            db.conn.commit()

    work = [payer(a) for a in amounts] + [rebalancer]
    assert len(work) == SESSIONS
    assert run_sessions(migrated_db, lambda db, i: work[i](db, i)) == []
    assert mismatched == []
    revenue = sum(paid, Decimal(0))
    fees = sum((_fee(a) for a in paid), Decimal(0))
    assert len(paid) == 12 * len(amounts)
    total_revenue, total_distributed = setup.one(
        "select total_revenue, total_distributed from public.revenue_splits where id = %s",
        (split,))
    assert (total_revenue, total_distributed) == (revenue, revenue - fees)
    received, pct = setup.one(
        "select sum(total_received), sum(percentage) from public.revenue_split_recipients "
        "where split_id = %s", (split,))
    assert (received, pct) == (revenue - fees, Decimal("100.00"))
    setup.conn.close()

