"""sql/seed.sql keeps its promises on a database `mashdb reset` just built: users of every
kind, mashups of every visibility (the unlisted ones never listed), a running and a
decided battle, a paid revenue split, 90 days of analytics, embeddings; every user action
in it is one that user's policies allow; and two loads are identical."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from helpers import REPO, target

from toolkit import reset as reset_lib
from toolkit.project import Project

from .kit import Db

MAYA, LEO, NOVA, RIO, SAM, IVY, KAI = (
    f"5eed0000-0000-4000-8000-00000000000{n}" for n in range(1, 8)
)
UNLISTED = ("5eed0001-0000-4000-8000-000000000004", "5eed0001-0000-4000-8000-000000000008")
PRIVATE = "5eed0001-0000-4000-8000-000000000012"
RUNNING, DECIDED = "5eed0004-0000-4000-8000-000000000002", "5eed0004-0000-4000-8000-000000000001"
# Surrogate keys the database draws itself (gen_random_uuid() in award_xp): not the seed's.
RANDOM_KEYS = {"public.xp_transactions": ("id",), "public.user_badges": ("id",)}


@pytest.fixture(scope="module")
def seeded(module_url: str) -> reset_lib.ResetResult:
    """The module's database, reset with the seed (one reset for the whole module)."""
    return reset_lib.reset(target(module_url), Project(REPO))


@pytest.fixture
def sdb(seeded: reset_lib.ResetResult, db: Db) -> Iterator[Db]:
    yield db


def test_users_of_every_kind(seeded, sdb: Db) -> None:
    assert seeded.seeded is not None and seeded.seeded.rows["auth.users"] == 7
    tiers = dict(sdb.all("select user_id::text, tier from public.subscriptions"))
    assert tiers == {MAYA: "pro", RIO: "pro", NOVA: "studio"}
    creators = {r[0] for r in sdb.all("select distinct creator_id::text from public.mashups")}
    assert creators == {MAYA, LEO, NOVA, RIO}  # leo: the free creator
    fans = {r[0] for r in sdb.all("select id::text from public.profiles")} - creators
    assert fans == {SAM, IVY, KAI}
    assert sdb.as_user(LEO).one(
        "select tier, \"limit\" from public.check_usage_limit('mashup_upload')"
    ) == (
        "free",
        5,
    )
    # kai is new: no likes, votes, follows of his own, no XP row
    sdb.as_admin()
    assert (
        sdb.val(
            "select (select count(*) from public.mashup_likes where user_id = %(k)s)"
            " + (select count(*) from public.battle_votes where user_id = %(k)s)"
            " + (select count(*) from public.user_gamification where user_id = %(k)s)",
            {"k": KAI},
        )
        == 0
    )


def test_every_signed_in_persona_of_the_policy_suite_has_a_seed_user(sdb: Db) -> None:
    """owner/creator: maya; participant: nova (split recipient, collab member, voter);
    other: kai, related to nothing (tests/rls/matrix.toml's personas)."""
    sdb.as_admin()
    assert sdb.val("select count(*) from public.mashups where creator_id = %s", (MAYA,)) == 5
    assert (
        sdb.val(
            "select count(*) from public.revenue_split_recipients as r "
            "join public.revenue_splits as s on r.split_id = s.id "
            "where r.user_id = %s and s.creator_id = %s",
            (NOVA, MAYA),
        )
        == 1
    )
    assert (
        sdb.val(
            "select p.status from public.collaboration_participants as p "
            "join public.collaboration_sessions as c on p.session_id = c.id "
            "where p.user_id = %s and c.host_id = %s and c.status = 'active'",
            (NOVA, MAYA),
        )
        == "joined"
    )
    assert (
        sdb.val(
            "select count(*) from public.battle_votes where user_id = %s and battle_id = %s",
            (NOVA, RUNNING),
        )
        == 1
    )
    related = sdb.val(
        "select (select count(*) from public.mashups where creator_id = %(u)s)"
        " + (select count(*) from public.revenue_split_recipients where user_id = %(u)s)"
        " + (select count(*) from public.collaboration_participants where user_id = %(u)s)"
        " + (select count(*) from public.mashup_comments where user_id = %(u)s)"
        " + (select count(*) from public.fan_subscriptions where fan_id = %(u)s)",
        {"u": KAI},
    )
    assert related == 0


def test_mashups_of_every_visibility_and_unlisted_ones_are_never_listed(sdb: Db) -> None:
    kinds = dict(
        sdb.all("select visibility || '/' || status, count(*)::int from public.mashups group by 1")
    )
    assert kinds == {
        "public/published": 9,
        "unlisted/published": 2,
        "private/draft": 2,
        "private/published": 1,
        "public/draft": 1,
    }
    sdb.as_anon()
    listed = {r[0] for r in sdb.all("select id::text from public.mashups")}
    assert len(listed) == 9 and not listed & set(UNLISTED)
    query = sdb.val("select embedding::text from public.get_mashup(%s)", (UNLISTED[0],))
    found = {
        r[0]
        for r in sdb.all(
            "select id::text from public.match_mashups(%s::vector, 100, '{}')", (query,)
        )
    }
    assert found == listed  # a search lists: the unlisted one itself is not in it
    # by its link, an unlisted mashup opens; a private one does not
    assert sdb.val("select count(*) from public.get_mashup(%s)", (UNLISTED[0],)) == 1
    assert sdb.val("select count(*) from public.get_mashup(%s)", (PRIVATE,)) == 0
    assert sdb.as_user(NOVA).val("select count(*) from public.get_mashup(%s)", (PRIVATE,)) == 1


def test_a_running_and_a_decided_battle(sdb: Db) -> None:
    sdb.as_anon()
    running = sdb.one(
        "select status, ends_at > now(), winner_entry_id from public.battles where id = %s",
        (RUNNING,),
    )
    assert running == ("open", True, None)
    decided = sdb.one(
        "select status, ends_at < now(), winner_entry_id::text from public.battles where id = %s",
        (DECIDED,),
    )
    assert decided[:2] == ("closed", True)
    tally = dict(sdb.all("select entry_id::text, votes from public.battle_tally(%s)", (DECIDED,)))
    assert max(tally, key=tally.__getitem__) == decided[2] and sorted(tally.values()) == [1, 3]
    assert sorted(v for _, v in sdb.all("select * from public.battle_tally(%s)", (RUNNING,))) == [
        1,
        3,
    ]
    # the running battle still takes votes: kai, who has not voted, may
    entry = sdb.val("select entry_a_id from public.battles where id = %s", (RUNNING,))
    sdb.as_user(KAI).all(
        "insert into public.battle_votes (battle_id, entry_id, user_id) values (%s, %s, %s)",
        (RUNNING, entry, KAI),
    )
    with sdb.refused("55000"):
        sdb.all(
            "insert into public.battle_votes (battle_id, entry_id, user_id) "
            "select id, entry_a_id, %s from public.battles where id = %s",
            (KAI, DECIDED),
        )


def test_a_revenue_split_with_payments(sdb: Db) -> None:
    split = sdb.as_user(MAYA).one(
        "select status, total_revenue, total_distributed from public.revenue_splits "
        "where creator_id = %s",
        (MAYA,),
    )
    assert split[0] == "active" and split[1] == 237.75
    received = sdb.all(
        "select r.user_id::text, r.percentage, r.total_received "
        "from public.revenue_split_recipients as r "
        "join public.revenue_splits as s on r.split_id = s.id "
        "where s.creator_id = %s order by 2 desc",
        (MAYA,),
    )
    assert [(u, float(p)) for u, p, _ in received] == [(MAYA, 60.0), (NOVA, 30.0), (RIO, 10.0)]
    assert sum(t for *_, t in received) == split[2]  # every distributed cent is someone's
    assert (
        sdb.as_user(NOVA).val("select total_received from public.earnings_summary()")
        == received[1][2]
    )
    assert (
        sdb.as_user(LEO).val(
            "select status from public.revenue_splits where creator_id = %s", (LEO,)
        )
        == "draft"
    )


def test_ninety_days_of_analytics(sdb: Db) -> None:
    for creator in (MAYA, LEO, NOVA, RIO):
        series = sdb.as_user(creator).all(
            "select bucket, plays from public.creator_analytics_timeseries('day', 90)"
        )
        today = datetime.now(UTC).date()
        assert len(series) == 90 and series[0][0] == today - timedelta(days=89)
        assert sum(p for _, p in series) > 1000, creator
        assert len({p for _, p in series if p}) > 20, f"{creator}'s curve is flat"
    sdb.as_admin()
    # the rollup is what the raw events say
    assert sdb.val("select sum(plays) from public.analytics_daily_rollup") == sdb.val(
        "select count(*) from public.analytics_events where event_type = 'play'"
    )
    # no event before its mashup was published, none in the future
    assert (
        sdb.val(
            "select count(*) from public.analytics_events as e "
            "join public.mashups as m on e.mashup_id = m.id "
            "where e.created_at < m.published_at or e.created_at > now()"
        )
        == 0
    )


def test_embeddings_cluster_by_genre(sdb: Db) -> None:
    assert sdb.val("select count(*) from public.mashups where vector_dims(embedding) = 1536") == 15
    mismatched = sdb.all(
        "select a.title, b.title from public.mashups as a cross join lateral ("
        "  select x.title, x.genre from public.mashups as x where x.id <> a.id"
        "  order by x.embedding <=> a.embedding limit 1) as b where b.genre <> a.genre"
        "  and exists (select 1 from public.mashups as y where y.id <> a.id and y.genre = a.genre)"
    )
    assert mismatched == []


def test_every_user_action_is_one_the_users_policies_allow(sdb: Db) -> None:
    """Replays each seeded like, comment and follow as its user (the row taken away
    first, so only the insert policy and grants decide): every one is accepted. Votes and
    entries are checked by their rules below."""
    actions = {  # table: its actor column first, then the columns a client inserts
        "mashup_likes": "user_id, mashup_id",
        "mashup_comments": "user_id, mashup_id, body",
        "follows": "follower_id, following_id",
    }
    replayed = 0
    for table, columns in actions.items():
        for row in sdb.as_admin().all(f"select {columns} from public.{table}"):
            marks = ", ".join(["%s"] * len(row))
            with sdb.scratch():
                sdb.as_admin().all(f"delete from public.{table} where ({columns}) = ({marks})", row)
                sdb.as_user(row[0]).all(
                    f"insert into public.{table} ({columns}) values ({marks})", row
                )
                replayed += 1
    assert replayed == 17 + 6 + 9
    sdb.as_admin()
    # votes: never for the voter's own entry, each while its battle was open (the trigger)
    assert (
        sdb.val(
            "select count(*) from public.battle_votes as v "
            "join public.challenge_entries as e on v.entry_id = e.id "
            "where e.user_id = v.user_id"
        )
        == 0
    )
    # entries: each of the entrant's own mashup
    assert (
        sdb.val(
            "select count(*) from public.challenge_entries as e "
            "join public.mashups as m on e.mashup_id = m.id "
            "where e.user_id <> m.creator_id"
        )
        == 0
    )


def _clock(url: str) -> datetime:
    with psycopg.connect(url) as conn:
        return conn.execute("select clock_timestamp()").fetchone()[0]


def _stamped(value: object, start: datetime, end: datetime) -> bool:
    """Whether a JSON value is a timestamp the database's clock wrote during the reset
    (now() of a migration step or of the seed), not one the seed chose."""
    if not isinstance(value, str) or len(value) < 25 or value[10:11] != "T":
        return False
    try:
        return start <= datetime.fromisoformat(value) <= end
    except ValueError:
        return False


def _snapshot(url: str, start: datetime, end: datetime) -> dict[str, list[str]]:
    """Every row of every table of public and auth as JSON, with the timestamps the
    database stamped during the reset and its random surrogate keys as placeholders."""
    snapshot = {}
    with psycopg.connect(url) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "select quote_ident(schemaname) || '.' || quote_ident(tablename) from pg_tables "
                "where schemaname in ('public', 'auth') order by 1"
            )
        ]
        for table in tables:
            rows = []
            for (row,) in conn.execute(f"select to_jsonb(t) from {table} as t"):
                for key in RANDOM_KEYS.get(table, ()):
                    row[key] = "<random>"
                stable = {k: "<now>" if _stamped(v, start, end) else v for k, v in row.items()}
                rows.append(json.dumps(stable, sort_keys=True))
            snapshot[table] = sorted(rows)
    return snapshot


def test_two_loads_are_identical(seeded, module_url: str) -> None:
    anchor = seeded.seeded.loaded_at.astimezone(UTC).date()
    loads = []
    for _ in range(2):
        start = _clock(module_url)
        reset_lib.reset(target(module_url), Project(REPO), anchor=anchor)
        loads.append(_snapshot(module_url, start, _clock(module_url)))
    before, after = loads
    assert sum(map(len, before.values())) > 20000 and "public.mashups" in before
    for table in before:
        assert before[table] == after[table], table
