"""Property tests: hypothesis drives random users, rows and operations (honest and
hostile) through the impersonation client, then checks the invariants of the design:

  * nobody reads another user's private rows (private mashups, XP log and totals,
    splits they are not part of, analytics of others' mashups, collab sessions they
    are not in, recommendation events, subscriptions), and nobody lists another user's
    unlisted mashups or the likes and comments on them (unlisted = by link only);
  * nobody changes a value another user owns (hostile writes are never `allowed`);
  * XP, tiers and money change only through the functions meant for it: total_xp always
    equals the ledger, no client statement changes a tier or a money column.

Each example runs server-side in one round trip (`RLSClient.attempt_many`), rolled back
at its end. Every statement and check is about the example's own users and their rows
(`%(users)s`), so the test holds on a database full of other data, and while others use it.
"""

from __future__ import annotations

import uuid
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.rls.client import COUNTER, Attempt, Persona, RLSClient, User

N_USERS = 4

HONEST = [
    (
        "mashup",
        "insert into public.mashups (creator_id, title, status, visibility) "
        "values (%(me)s, 'm', %(status)s, %(vis)s)",
    ),
    ("like", "insert into public.mashup_likes (user_id, mashup_id) values (%(me)s, %(mashup)s)"),
    (
        "comment",
        "insert into public.mashup_comments (user_id, mashup_id, body) values (%(me)s, "
        "%(mashup)s, 'hi')",
    ),
    (
        "split",
        "insert into public.revenue_splits (mashup_id, creator_id) values (%(mashup)s, %(me)s)",
    ),
    (
        "recipient",
        "insert into public.revenue_split_recipients (split_id, user_id, display_name, percentage) "
        "values (%(split)s, %(them)s, 'r', %(pct)s)",
    ),
    ("event", "select public.log_analytics_event(%(mashup)s, 'play')"),
    ("session", "select public.create_collab_session('jam')"),
    ("join", "select public.join_collab_session(%(session)s)"),
    ("leave", "select public.leave_collab_session(%(session)s)"),
    (
        "vote_event",
        "insert into public.recommendation_events (user_id, mashup_id, event_type) "
        "values (%(me)s, %(mashup)s, 'play')",
    ),
]
HOSTILE = [
    (
        "retitle",
        "update public.mashups set title = 'pwned' where creator_id <> %(me)s "
        "and creator_id = any(%(users)s)",
    ),
    (
        "unpublish",
        "delete from public.mashups where creator_id <> %(me)s and creator_id = any(%(users)s)",
    ),
    (
        "xp",
        "update public.user_gamification set total_xp = total_xp + 1000 "
        "where user_id = any(%(users)s)",
    ),
    (
        "xp_insert",
        "insert into public.xp_transactions (user_id, amount, reason) values (%(me)s, 1000, "
        "'cheat')",
    ),
    ("award", "select public.award_xp(%(me)s, 1000, 'cheat')"),
    ("tier", "update public.subscriptions set tier = 'studio' where user_id = any(%(users)s)"),
    ("tier_insert", "insert into public.subscriptions (user_id, tier) values (%(me)s, 'studio')"),
    (
        "money",
        "update public.revenue_splits set total_revenue = 1000000 "
        "where creator_id = any(%(users)s)",
    ),
    (
        "payout",
        "update public.revenue_split_recipients set total_received = 1000000 "
        "where user_id = any(%(users)s)",
    ),
    ("record", "select * from public.record_revenue(%(split)s, 100)"),
    (
        "others_comment",
        "update public.mashup_comments set body = 'pwned' where user_id <> %(me)s "
        "and user_id = any(%(users)s)",
    ),
    (
        "others_split",
        "update public.revenue_splits set minimum_payout = 0 where creator_id <> %(me)s "
        "and creator_id = any(%(users)s)",
    ),
    (
        "others_session",
        "update public.collaboration_sessions set title = 'pwned' where host_id <> %(me)s "
        "and host_id = any(%(users)s)",
    ),
    (
        "steal_split",
        "update public.revenue_split_recipients set user_id = %(me)s where user_id <> %(me)s "
        "and user_id = any(%(users)s)",
    ),
]

op = st.tuples(
    st.integers(0, N_USERS - 1),  # actor
    st.sampled_from([*HONEST, *HOSTILE]),
    st.integers(0, 50),  # which mashup / split / session
    st.integers(0, N_USERS - 1),  # another user
    st.sampled_from(["published", "draft"]),
    st.sampled_from(["public", "private", "unlisted"]),
    st.integers(1, 60),  # percentage
)


# the i-th (modulo their number) of the example's own rows, picked as the owner right
# before each operation; null when there is none (always one row: a setup label)
PICKS = {
    "mashup": "select id from public.mashups where creator_id = any(%(users)s) "
    "order by created_at, id",
    "split": "select id from public.revenue_splits where creator_id = any(%(users)s) "
    "order by created_at, id",
    "session": "select id from public.collaboration_sessions where host_id = any(%(users)s) "
    "order by created_at, id",
}
MONEY = (
    "select (select coalesce(sum(total_revenue + total_distributed + total_pending), 0) "
    "from public.revenue_splits where creator_id = any(%(users)s)), "
    "(select coalesce(sum(total_received), 0) from public.revenue_split_recipients "
    "where user_id = any(%(users)s)), (select coalesce(string_agg(user_id || "
    "tier, ',' order by user_id), '') from public.subscriptions "
    "where user_id = any(%(users)s))"
)
LEDGER = (
    "select bool_and(g.total_xp = coalesce((select sum(x.amount) from "
    "public.xp_transactions as x where x.user_id = g.user_id), 0)) "
    "from public.user_gamification as g where g.user_id = any(%(users)s)"
)
TRUTH = (
    "select "
    " array(select id from public.revenue_splits where creator_id = %(me)s or id in "
    "   (select split_id from public.revenue_split_recipients where user_id = %(me)s)),"
    " array(select id from public.collaboration_sessions where host_id = %(me)s or id in "
    "   (select session_id from public.collaboration_participants where user_id = %(me)s "
    "    and status = 'joined'))"
)
# others' mashups of the example that may not be listed to me (a setup row, as the owner)
UNLISTED = (
    "select array(select id from public.mashups where creator_id <> %(me)s and "
    "creator_id = any(%(users)s) and not (status = 'published' and visibility = 'public'))"
    "::text"
)
LEAKS = (
    "select"
    " (select count(*) from public.mashups where visibility = 'private' and "
    "creator_id <> %(me)s and creator_id = any(%(users)s)),"
    " (select count(*) from public.mashups where status = 'draft' and creator_id "
    "<> %(me)s and creator_id = any(%(users)s)),"
    " (select count(*) from public.mashups where visibility = 'unlisted' and "
    "creator_id <> %(me)s and creator_id = any(%(users)s)),"
    " (select count(*) from public.mashup_likes where user_id <> %(me)s and "
    "mashup_id = any({unlisted}::uuid[])),"
    " (select count(*) from public.mashup_comments where user_id <> %(me)s and "
    "mashup_id = any({unlisted}::uuid[])),"
    " (select count(*) from public.xp_transactions where user_id <> %(me)s"
    "    and user_id = any(%(users)s)),"
    " (select count(*) from public.user_gamification where user_id <> %(me)s"
    "    and user_id = any(%(users)s)),"
    " (select count(*) from public.user_badges where user_id <> %(me)s"
    "    and user_id = any(%(users)s)),"
    " (select count(*) from public.recommendation_events where user_id <> %(me)s"
    "    and user_id = any(%(users)s)),"
    " (select count(*) from public.subscriptions where user_id <> %(me)s"
    "    and user_id = any(%(users)s)),"
    " (select count(*) from public.analytics_events as e join public.mashups as m"
    "    on m.id = e.mashup_id where m.creator_id <> %(me)s"
    "    and m.creator_id = any(%(users)s)),"
    " (select count(*) from public.analytics_daily_rollup where creator_id <> %(me)s"
    "    and creator_id = any(%(users)s)),"
    " (select count(*) from public.revenue_split_recipients as r where r.user_id "
    "is distinct from %(me)s and r.user_id = any(%(users)s) and r.split_id not in"
    "    (select id from public.revenue_splits where creator_id = %(me)s))"
)
SPLITS = "select id from public.revenue_splits where creator_id = any(%(users)s)"
SESSIONS = "select id from public.collaboration_sessions where host_id = any(%(users)s)"


def _pick(rls: RLSClient, name: str, which: int, ids: list[Any]) -> tuple[str, str]:
    query = PICKS[name]
    picked = (
        f"select (select id from ({query}) as q offset mod(%(which)s, greatest("
        f"(select count(*) from ({query}) as c), 1)) limit 1) as id"
    )
    return rls.inline(picked, {"users": ids, "which": which}), name


def _example(rls: RLSClient, ops: list[tuple[Any, ...]]) -> tuple[list[Attempt], list[User]]:
    """The whole example as attempts, in order: create the users, then per operation the
    operation (kept) and the money check after it, then the invariants' queries."""
    users = [
        User(uuid.uuid4(), f"p{i}-{uuid.uuid4().hex[:8]}@rls.test", f"p{i}") for i in range(N_USERS)
    ]
    ids = [u.id for u in users]
    own = {"users": ids}
    make = rls.inline(
        "insert into auth.users (id, email, raw_user_meta_data) "
        "select id, email, '{}'::jsonb from unnest(%s::uuid[], %s::text[]) as u (id, email)",
        (ids, [u.email for u in users]),
    )
    attempts = [Attempt(make, keep=True), Attempt(rls.inline(MONEY, own))]
    for actor, (_, query), which, them, status, vis, pct in ops:
        params = {
            "me": users[actor].id,
            "them": users[them].id,
            "users": ids,
            "status": status,
            "vis": vis,
            "pct": pct,
        }
        for name in PICKS:
            query = query.replace(f"%({name})s", "{" + name + "}")
        setup = tuple(_pick(rls, name, which, ids) for name in PICKS)
        persona = Persona("authenticated", users[actor])
        attempts.append(Attempt(rls.inline(query, params), persona, setup=setup, keep=True))
        attempts.append(Attempt(rls.inline(MONEY, own)))
    attempts.append(Attempt(rls.inline(LEDGER, own)))
    for u in users:
        me = {"me": u.id, "users": ids}
        persona = Persona("authenticated", u)
        attempts += [
            Attempt(rls.inline(TRUTH, me)),
            Attempt(
                rls.inline(LEAKS, me), persona, setup=((rls.inline(UNLISTED, me), "unlisted"),)
            ),
            Attempt(rls.inline(SPLITS, me), persona, fetch=True),
            Attempt(rls.inline(SESSIONS, me), persona, fetch=True),
        ]
    return attempts, users


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=st.lists(op, min_size=1, max_size=25))
def test_random_operations_keep_the_invariants(rls: RLSClient, ops: list[tuple[Any, ...]]) -> None:
    attempts, users = _example(rls, ops)
    done = iter(rls.attempt_many(attempts, undo=True))  # one round trip, rolled back
    made = next(done)
    assert made.allowed, made.describe()
    money = next(done).rows
    for actor, (name, query), *_ in ops:
        outcome = next(done)
        if (name, query) in HOSTILE:
            COUNTER.assertion()
            assert not outcome.allowed, (
                f"hostile {name} by p{actor} was allowed: {outcome.describe()}"
            )
        after = next(done).rows
        COUNTER.assertion()
        assert after == money, f"{name} by p{actor} changed money or a tier"
        money = after
    ledger_ok = next(done).rows[0][0]
    assert ledger_ok in (True, None), "user_gamification.total_xp drifted from the XP ledger"
    for u in users:
        truth, leaks, splits, sessions = (next(done) for _ in range(4))
        COUNTER.assertion(15)
        assert leaks.rows and leaks.rows[0] == (0,) * len(leaks.rows[0]), (
            f"{u} reads (or lists) private rows of others: {leaks.describe()} {leaks.rows}"
        )
        mine_splits, mine_sessions = (set(a or ()) for a in truth.rows[0])
        assert {r[0] for r in splits.rows} <= mine_splits, f"{u} reads splits they are not part of"
        assert {r[0] for r in sessions.rows} <= mine_sessions, (
            f"{u} reads collab sessions they are not in"
        )
