"""Probe rows: a small realistic world built as the database owner, and per table the
rows each command is tried on.

The world ("universe") has one user per persona — owner, other, participant, creator —
plus `stranger` (owns rows nobody else relates to, public and private) and `spare`
(owns nothing; used as the "someone else" of foreign inserts). Every probe row carries
a `RowMeta` saying whose it is, whose mashup it is about, who takes part in it and
whether it is public; the matrix's outcome words are predicates over that meta.

Knows mashdb's schema (table by table); a table without a probe is reported by the gate.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql

USERS = ("owner", "other", "participant", "creator", "stranger", "spare")
WITH_MASHUPS = ("owner", "other", "creator", "stranger")


@dataclass(frozen=True)
class RowMeta:
    """How a probe row relates to the users of the universe (labels, not ids)."""

    owner: str | None = None
    creator: str | None = None
    members: frozenset[str] = frozenset()
    published: bool = False


@dataclass(frozen=True)
class Target:
    """An existing row a SELECT/UPDATE/DELETE is tried on, by primary key."""

    name: str
    key: dict[str, Any]
    meta: RowMeta


@dataclass(frozen=True)
class Candidate:
    """A row an INSERT tries to create (optionally after `setup` as the owner role)."""

    name: str
    values: dict[str, Any]
    meta: RowMeta
    setup: Callable[[psycopg.Connection, Universe], dict[str, Any]] | None = None


@dataclass
class Universe:
    """Ids of everything built; `ids` also holds the users (by label)."""

    ids: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.ids[name]

    def user(self, label: str) -> uuid.UUID:
        return self.ids[label]


@dataclass(frozen=True)
class TableProbe:
    table: str  # schema.table
    personas: tuple[str, ...]
    targets: Callable[[Universe], list[Target]]
    inserts: Callable[[Universe, str | None], list[Candidate]]
    update: tuple[str, str]  # column, SQL value expression


# ---------------------------------------------------------------------------------------
# building rows as the owner role


def insert(
    conn: psycopg.Connection, table: str, returning: str | None = "id", **values: Any
) -> Any:
    schema, name = table.split(".") if "." in table else ("public", table)
    cols = list(values)
    q = sql.SQL("insert into {}.{} ({}) values ({})").format(
        sql.Identifier(schema),
        sql.Identifier(name),
        sql.SQL(", ").join(map(sql.Identifier, cols)),
        sql.SQL(", ").join(sql.Placeholder() * len(cols)),
    )
    if returning:
        q = sql.SQL("{} returning {}").format(q, sql.Identifier(returning))
    cur = conn.execute(q, [_adapt(v) for v in values.values()])
    return cur.fetchone()[0] if returning else None


def _adapt(v: Any) -> Any:
    if isinstance(v, dict):
        return json.dumps(v)
    return v


def new_auth_user(conn: psycopg.Connection, label: str) -> uuid.UUID:
    uid = uuid.uuid4()
    conn.execute(
        "insert into auth.users (id, email, raw_user_meta_data) values (%s, %s, %s::jsonb)",
        (uid, f"{label}-{uid.hex[:8]}@probe.rls", json.dumps({"display_name": label})),
    )
    return uid


def build_universe(conn: psycopg.Connection) -> Universe:
    """Create the probe world as the connection's own role (call inside a transaction)."""
    u = Universe()
    ids = u.ids
    for label in USERS:
        ids[label] = new_auth_user(conn, label)

    def mashup(who: str, published: bool, suffix: str = "") -> uuid.UUID:
        return insert(
            conn,
            "mashups",
            creator_id=ids[who],
            title=f"{who}{suffix} {'pub' if published else 'priv'}",
            status="published" if published else "draft",
            visibility="public" if published else "private",
        )

    for who in WITH_MASHUPS:
        ids[f"{who}_pub"] = mashup(who, True)
        ids[f"{who}_priv"] = mashup(who, False)
    ids["stranger_pub2"] = mashup("stranger", True, " 2")

    likes = {
        "like_owner": ("owner", "stranger_pub"),
        "like_cpriv": ("stranger", "creator_priv"),
        "like_cpub": ("stranger", "creator_pub"),
        "like_spriv": ("stranger", "stranger_priv"),
    }
    for name, (who, m) in likes.items():
        insert(conn, "mashup_likes", returning=None, user_id=ids[who], mashup_id=ids[m])
        ids[name] = {"user_id": ids[who], "mashup_id": ids[m]}
    for name, (who, m) in likes.items():
        ids[name.replace("like_", "comment_")] = insert(
            conn, "mashup_comments", user_id=ids[who], mashup_id=ids[m], body=f"{who} says hi"
        )
    for a, b in (("owner", "stranger"), ("stranger", "creator")):
        insert(conn, "follows", returning=None, follower_id=ids[a], following_id=ids[b])

    ids["ch_active"] = insert(conn, "challenges", title="probe challenge", status="active")
    ids["ch_active2"] = insert(conn, "challenges", title="probe challenge 2", status="active")
    for who in ("owner", "stranger", "creator"):
        ids[f"entry_{who}"] = insert(
            conn,
            "challenge_entries",
            challenge_id=ids["ch_active"],
            mashup_id=ids[f"{who}_pub"],
            user_id=ids[who],
        )
    # in no battle: the owner may withdraw it (entries in a battle stay, 0022)
    ids["entry_owner_free"] = insert(
        conn,
        "challenge_entries",
        challenge_id=ids["ch_active"],
        mashup_id=ids["owner_priv"],
        user_id=ids["owner"],
    )
    tomorrow = conn.execute("select now() + interval '1 day'").fetchone()[0]
    ids["battle1"] = insert(
        conn,
        "battles",
        challenge_id=ids["ch_active"],
        entry_a_id=ids["entry_creator"],
        entry_b_id=ids["entry_stranger"],
        ends_at=tomorrow,
    )
    ids["battle2"] = insert(
        conn,
        "battles",
        challenge_id=ids["ch_active"],
        entry_a_id=ids["entry_owner"],
        entry_b_id=ids["entry_stranger"],
        ends_at=tomorrow,
    )
    for who in ("owner", "stranger"):
        ids[f"vote_{who}"] = insert(
            conn,
            "battle_votes",
            battle_id=ids["battle1"],
            entry_id=ids["entry_creator"],
            user_id=ids[who],
        )

    for who in ("owner", "stranger"):
        ids[f"recevent_{who}"] = insert(
            conn,
            "recommendation_events",
            user_id=ids[who],
            mashup_id=ids["stranger_pub"],
            event_type="play",
        )

    ids["session1"] = insert(
        conn, "collaboration_sessions", host_id=ids["owner"], title="owner jam"
    )
    ids["session2"] = insert(
        conn, "collaboration_sessions", host_id=ids["stranger"], title="stranger jam"
    )
    for sess, who, role, status in (
        ("session1", "owner", "host", "joined"),
        ("session1", "participant", "editor", "joined"),
        ("session2", "stranger", "host", "joined"),
        ("session2", "participant", "editor", "left"),
    ):
        insert(
            conn,
            "collaboration_participants",
            returning=None,
            session_id=ids[sess],
            user_id=ids[who],
            role=role,
            status=status,
        )
    ids["room_owner"] = insert(
        conn, "voice_rooms", host_id=ids["owner"], session_id=ids["session1"], name="owner room"
    )
    ids["room_owner_solo"] = insert(
        conn, "voice_rooms", host_id=ids["owner"], name="owner solo room"
    )
    ids["room_stranger"] = insert(
        conn, "voice_rooms", host_id=ids["stranger"], name="stranger room"
    )

    insert(conn, "subscriptions", returning=None, user_id=ids["owner"], tier="pro")
    insert(conn, "subscriptions", returning=None, user_id=ids["stranger"], tier="free")
    ids["fansub_owner"] = insert(
        conn, "fan_subscriptions", fan_id=ids["owner"], creator_id=ids["creator"], price_cents=500
    )
    ids["fansub_stranger"] = insert(
        conn, "fan_subscriptions", fan_id=ids["stranger"], creator_id=ids["spare"], price_cents=500
    )
    for m in ("creator_priv", "creator_pub", "stranger_pub", "stranger_priv"):
        ids[f"caption_{m}"] = insert(
            conn,
            "captions",
            mashup_id=ids[m],
            segment_index=0,
            start_seconds=0,
            end_seconds=1.5,
            text="la la",
        )
    ids["sound"] = insert(
        conn,
        "trending_sounds",
        title="probe sound",
        source="manual",
        external_url="https://example.com/probe",
    )
    for who in ("owner", "stranger"):
        ids[f"job_{who}"] = insert(conn, "ai_jobs", user_id=ids[who], job_type="stem_separation")

    # revenue: split A (creator's, draft, 90%: participant + spare, not the creator),
    # B (stranger's, activated then paused, 100%), C (stranger's, draft, no recipients)
    ids["split_a"] = insert(
        conn, "revenue_splits", mashup_id=ids["creator_pub"], creator_id=ids["creator"]
    )
    ids["recipient_participant"] = insert(
        conn,
        "revenue_split_recipients",
        split_id=ids["split_a"],
        user_id=ids["participant"],
        display_name="participant",
        percentage=60,
        role="vocalist",
    )
    ids["recipient_spare"] = insert(
        conn,
        "revenue_split_recipients",
        split_id=ids["split_a"],
        user_id=ids["spare"],
        display_name="spare",
        percentage=30,
    )
    ids["split_b"] = insert(
        conn, "revenue_splits", mashup_id=ids["stranger_pub"], creator_id=ids["stranger"]
    )
    ids["recipient_stranger"] = insert(
        conn,
        "revenue_split_recipients",
        split_id=ids["split_b"],
        user_id=ids["stranger"],
        display_name="stranger",
        percentage=100,
    )
    # activated once (so it has history), then paused: recipients may change again
    conn.execute(
        "update public.revenue_splits set status = 'active' where id = %s", (ids["split_b"],)
    )
    conn.execute(
        "update public.revenue_splits set status = 'paused' where id = %s", (ids["split_b"],)
    )
    ids["split_active"] = insert(
        conn, "revenue_splits", mashup_id=ids["stranger_pub"], creator_id=ids["stranger"]
    )
    insert(
        conn,
        "revenue_split_recipients",
        returning=None,
        split_id=ids["split_active"],
        user_id=ids["stranger"],
        display_name="stranger",
        percentage=100,
    )
    conn.execute(
        "update public.revenue_splits set status = 'active' where id = %s", (ids["split_active"],)
    )
    ids["split_c"] = insert(
        conn, "revenue_splits", mashup_id=ids["stranger_pub"], creator_id=ids["stranger"]
    )

    ids["event_creator_pub"] = insert(
        conn,
        "analytics_events",
        user_id=ids["owner"],
        mashup_id=ids["creator_pub"],
        event_type="play",
    )
    ids["event_stranger_pub"] = insert(
        conn,
        "analytics_events",
        user_id=ids["stranger"],
        mashup_id=ids["stranger_pub"],
        event_type="play",
    )
    ids["today"] = conn.execute("select (now() at time zone 'UTC')::date").fetchone()[0]

    for who in ("owner", "stranger"):
        ids[f"xp_{who}"] = conn.execute(
            "select id from public.xp_transactions where user_id = %s and reason = "
            "'mashup_published'",
            (ids[who],),
        ).fetchone()[0]
        ids[f"badge_{who}"] = conn.execute(
            "select id from public.user_badges where user_id = %s and badge_id = 'first_mashup'",
            (ids[who],),
        ).fetchone()[0]
    return u


# ---------------------------------------------------------------------------------------
# per-table probes


def _pub(label: str | None) -> bool:
    return label in WITH_MASHUPS


def _by_id(table: str, *names_meta: tuple[str, RowMeta]) -> Callable[[Universe], list[Target]]:
    def targets(u: Universe) -> list[Target]:
        return [Target(n, {"id": u[n]}, m) for n, m in names_meta]

    return targets


def _own_foreign(
    build: Callable[[Universe, str], dict[str, Any]],
    meta: Callable[[str], RowMeta],
    *,
    own_if: Callable[[str], bool] = lambda p: True,
    foreign: str = "stranger",
) -> Callable[[Universe, str | None], list[Candidate]]:
    """Insert candidates: the persona's own row (signed-in personas) and a foreign row."""

    def inserts(u: Universe, persona: str | None) -> list[Candidate]:
        out = []
        if persona is not None and own_if(persona):
            out.append(Candidate("own", build(u, persona), meta(persona)))
        out.append(Candidate("foreign", build(u, foreign), meta(foreign)))
        return out

    return inserts


def _only(
    build: Callable[[Universe], dict[str, Any]],
    meta: RowMeta = RowMeta(published=True),
    setup: Callable[[psycopg.Connection, Universe], dict[str, Any]] | None = None,
) -> Callable[[Universe, str | None], list[Candidate]]:
    def inserts(u: Universe, persona: str | None) -> list[Candidate]:
        return [Candidate("new", build(u), meta, setup)]

    return inserts


PUBLIC = RowMeta(published=True)
MASHUP_META = {
    "creator_priv": ("creator", False),
    "creator_pub": ("creator", True),
    "stranger_pub": ("stranger", True),
    "stranger_priv": ("stranger", False),
}


def _about(owner: str | None, mashup: str) -> RowMeta:
    creator, published = MASHUP_META.get(mashup, (mashup.split("_")[0], mashup.endswith("pub")))
    return RowMeta(owner=owner, creator=creator, published=published)


def _profile_setup(conn: psycopg.Connection, u: Universe) -> dict[str, Any]:
    uid = new_auth_user(conn, "newbie")
    conn.execute("delete from public.profiles where id = %s", (uid,))
    return {"id": uid}


def _tier_setup(conn: psycopg.Connection, u: Universe) -> dict[str, Any]:
    conn.execute(
        "delete from public.tier_limits where tier = 'studio' and resource = 'auto_caption'"
    )
    return {}


PERSONAS_OWNED = ("anon", "owner", "other", "service_role")
PERSONAS_ABOUT_MASHUP = ("anon", "owner", "other", "creator", "service_role")

PROBES: dict[str, TableProbe] = {}


def _register(p: TableProbe) -> None:
    PROBES[p.table] = p


_register(
    TableProbe(
        "public.profiles",
        PERSONAS_OWNED,
        lambda u: [
            Target(w, {"id": u[w]}, RowMeta(owner=w, published=True)) for w in ("owner", "stranger")
        ],
        _only(
            lambda u: {"username": "rls_newbie"},
            RowMeta(owner="newbie", published=True),
            _profile_setup,
        ),
        ("bio", "'rls probe'"),
    )
)
_register(
    TableProbe(
        "public.mashups",
        PERSONAS_OWNED,
        lambda u: [
            Target(
                m,
                {"id": u[m]},
                RowMeta(
                    owner=m.split("_")[0], creator=m.split("_")[0], published=m.endswith("pub")
                ),
            )
            for m in ("owner_pub", "owner_priv", "stranger_pub", "stranger_priv")
        ],
        _own_foreign(
            lambda u, w: {"creator_id": u[w], "title": f"new by {w}"},
            lambda w: RowMeta(owner=w, creator=w),
        ),
        ("title", "'rls probe'"),
    )
)
_SOCIAL = {
    "owner": ("owner", "stranger_pub"),
    "cpriv": ("stranger", "creator_priv"),
    "cpub": ("stranger", "creator_pub"),
    "spriv": ("stranger", "stranger_priv"),
}
_register(
    TableProbe(
        "public.mashup_likes",
        PERSONAS_ABOUT_MASHUP,
        lambda u: [
            Target(f"like_{k}", u[f"like_{k}"], _about(w, m)) for k, (w, m) in _SOCIAL.items()
        ],
        _own_foreign(
            lambda u, w: {"user_id": u[w], "mashup_id": u["stranger_pub2"]},
            lambda w: RowMeta(owner=w, creator="stranger", published=True),
            foreign="spare",
        ),
        ("created_at", "now() - interval '1 minute'"),
    )
)
_register(
    TableProbe(
        "public.mashup_comments",
        PERSONAS_ABOUT_MASHUP,
        lambda u: [
            Target(f"comment_{k}", {"id": u[f"comment_{k}"]}, _about(w, m))
            for k, (w, m) in _SOCIAL.items()
        ],
        _own_foreign(
            lambda u, w: {"user_id": u[w], "mashup_id": u["stranger_pub"], "body": "probe"},
            lambda w: RowMeta(owner=w, creator="stranger", published=True),
            foreign="spare",
        ),
        ("body", "'rls probe'"),
    )
)
_register(
    TableProbe(
        "public.follows",
        PERSONAS_OWNED,
        lambda u: [
            Target(
                "owner_follows",
                {"follower_id": u["owner"], "following_id": u["stranger"]},
                RowMeta(owner="owner", published=True),
            ),
            Target(
                "stranger_follows",
                {"follower_id": u["stranger"], "following_id": u["creator"]},
                RowMeta(owner="stranger", published=True),
            ),
        ],
        _own_foreign(
            lambda u, w: {
                "follower_id": u[w],
                "following_id": u["spare" if w != "spare" else "stranger"],
            },
            lambda w: RowMeta(owner=w, published=True),
            foreign="spare",
        ),
        ("created_at", "now() - interval '1 minute'"),
    )
)
_register(
    TableProbe(
        "public.challenges",
        ("anon", "other", "service_role"),
        _by_id("challenges", ("ch_active", PUBLIC)),
        _only(lambda u: {"title": "new challenge", "status": "active"}),
        ("title", "'rls probe'"),
    )
)
_register(
    TableProbe(
        "public.challenge_entries",
        PERSONAS_OWNED,
        lambda u: [
            Target(e, {"id": u[e]}, RowMeta(owner=w, creator=w, published=True))
            for e, w in (("entry_owner_free", "owner"), ("entry_stranger", "stranger"))
        ],
        _own_foreign(
            lambda u, w: {
                "challenge_id": u["ch_active2"],
                "mashup_id": u[f"{w}_pub"],
                "user_id": u[w],
            },
            lambda w: RowMeta(owner=w, creator=w, published=True),
            own_if=_pub,
        ),
        ("created_at", "now() - interval '1 minute'"),
    )
)
_register(
    TableProbe(
        "public.battles",
        ("anon", "other", "service_role"),
        _by_id("battles", ("battle1", PUBLIC)),
        _only(
            lambda u: {
                "challenge_id": u["ch_active"],
                "entry_a_id": u["entry_owner"],
                "entry_b_id": u["entry_creator"],
                "ends_at": "2999-01-01",
            }
        ),
        ("ends_at", "now() + interval '2 days'"),
    )
)
_register(
    TableProbe(
        "public.battle_votes",
        PERSONAS_OWNED,
        lambda u: [
            Target(f"vote_{w}", {"id": u[f"vote_{w}"]}, RowMeta(owner=w, published=True))
            for w in ("owner", "stranger")
        ],
        _own_foreign(
            lambda u, w: {
                "battle_id": u["battle2"],
                "user_id": u[w],
                "entry_id": u["entry_stranger" if w == "owner" else "entry_owner"],
            },
            lambda w: RowMeta(owner=w, published=True),
            foreign="spare",
        ),
        ("created_at", "now() - interval '1 minute'"),
    )
)
_register(
    TableProbe(
        "public.recommendation_events",
        PERSONAS_OWNED,
        _by_id(
            "recommendation_events",
            *((f"recevent_{w}", RowMeta(owner=w)) for w in ("owner", "stranger")),
        ),
        _own_foreign(
            lambda u, w: {"user_id": u[w], "mashup_id": u["stranger_pub"], "event_type": "play"},
            lambda w: RowMeta(owner=w),
            foreign="spare",
        ),
        ("event_type", "'skip'"),
    )
)
_COLLAB = ("anon", "owner", "other", "participant", "service_role")
_register(
    TableProbe(
        "public.collaboration_sessions",
        _COLLAB,
        _by_id(
            "collaboration_sessions",
            ("session1", RowMeta(owner="owner", members=frozenset({"owner", "participant"}))),
            ("session2", RowMeta(owner="stranger", members=frozenset({"stranger"}))),
        ),
        _own_foreign(
            lambda u, w: {"host_id": u[w], "title": f"{w} new jam"}, lambda w: RowMeta(owner=w)
        ),
        ("title", "'rls probe'"),
    )
)
_S1 = frozenset({"owner", "participant"})
_S2 = frozenset({"stranger"})
_register(
    TableProbe(
        "public.collaboration_participants",
        _COLLAB,
        lambda u: [
            Target(f"{s}_{w}", {"session_id": u[s], "user_id": u[w]}, RowMeta(owner=w, members=mem))
            for s, w, mem in (
                ("session1", "owner", _S1),
                ("session1", "participant", _S1),
                ("session2", "stranger", _S2),
                ("session2", "participant", _S2),
            )
        ],
        _own_foreign(
            lambda u, w: {
                "session_id": u["session2"] if w != "stranger" else u["session1"],
                "user_id": u[w],
            },
            lambda w: RowMeta(owner=w),
            own_if=lambda p: p != "participant",
            foreign="spare",
        ),
        ("role", "'viewer'"),
    )
)
_register(
    TableProbe(
        "public.voice_rooms",
        _COLLAB,
        _by_id(
            "voice_rooms",
            ("room_owner", RowMeta(owner="owner", members=_S1)),
            ("room_owner_solo", RowMeta(owner="owner")),
            ("room_stranger", RowMeta(owner="stranger")),
        ),
        _own_foreign(
            lambda u, w: {"host_id": u[w], "name": f"{w} new room"}, lambda w: RowMeta(owner=w)
        ),
        ("name", "'rls probe'"),
    )
)
_register(
    TableProbe(
        "public.subscriptions",
        PERSONAS_OWNED,
        lambda u: [
            Target(f"sub_{w}", {"user_id": u[w]}, RowMeta(owner=w)) for w in ("owner", "stranger")
        ],
        _own_foreign(
            lambda u, w: {"user_id": u[w], "tier": "studio"},
            lambda w: RowMeta(owner=w),
            own_if=lambda p: p != "owner",
            foreign="spare",
        ),
        ("tier", "'studio'"),
    )
)
_register(
    TableProbe(
        "public.fan_subscriptions",
        ("anon", "owner", "other", "creator", "service_role"),
        _by_id(
            "fan_subscriptions",
            ("fansub_owner", RowMeta(owner="owner", creator="creator")),
            ("fansub_stranger", RowMeta(owner="stranger", creator="spare")),
        ),
        _own_foreign(
            lambda u, w: {"fan_id": u[w], "creator_id": u["stranger"]},
            lambda w: RowMeta(owner=w, creator="stranger"),
            foreign="spare",
        ),
        ("price_cents", "999"),
    )
)
_register(
    TableProbe(
        "public.captions",
        ("anon", "other", "creator", "service_role"),
        lambda u: [
            Target(f"caption_{m}", {"id": u[f"caption_{m}"]}, _about(None, m)) for m in MASHUP_META
        ],
        _own_foreign(
            lambda u, w: {
                "mashup_id": u[f"{w}_pub"],
                "segment_index": 7,
                "start_seconds": 1,
                "end_seconds": 2,
                "text": "probe",
            },
            lambda w: RowMeta(creator=w, published=True),
            own_if=_pub,
        ),
        ("text", "'rls probe'"),
    )
)
_register(
    TableProbe(
        "public.trending_sounds",
        ("anon", "other", "service_role"),
        _by_id("trending_sounds", ("sound", PUBLIC)),
        _only(
            lambda u: {
                "title": "new sound",
                "source": "manual",
                "external_url": "https://example.com/new",
            }
        ),
        ("title", "'rls probe'"),
    )
)
_register(
    TableProbe(
        "public.ai_jobs",
        PERSONAS_OWNED,
        _by_id("ai_jobs", *((f"job_{w}", RowMeta(owner=w)) for w in ("owner", "stranger"))),
        _own_foreign(
            lambda u, w: {"user_id": u[w], "job_type": "stem_separation"},
            lambda w: RowMeta(owner=w),
        ),
        ("status", "'failed'"),
    )
)
_register(
    TableProbe(
        "public.user_gamification",
        PERSONAS_OWNED,
        lambda u: [
            Target(f"xp_row_{w}", {"user_id": u[w]}, RowMeta(owner=w))
            for w in ("owner", "stranger")
        ],
        _own_foreign(
            lambda u, w: {"user_id": u[w], "total_xp": 999999},
            lambda w: RowMeta(owner=w),
            own_if=lambda p: p == "participant",
            foreign="spare",
        ),
        ("total_xp", "999999"),
    )
)
_register(
    TableProbe(
        "public.badges",
        ("anon", "other", "service_role"),
        lambda u: [Target("first_mashup", {"id": "first_mashup"}, PUBLIC)],
        _only(
            lambda u: {
                "id": "rls_probe",
                "name": "probe",
                "description": "probe",
                "category": "special",
                "rarity": "common",
                "condition_type": "manual",
            }
        ),
        ("name", "'rls probe'"),
    )
)
_register(
    TableProbe(
        "public.user_badges",
        PERSONAS_OWNED,
        _by_id("user_badges", *((f"badge_{w}", RowMeta(owner=w)) for w in ("owner", "stranger"))),
        _own_foreign(
            lambda u, w: {"user_id": u[w], "badge_id": "streak_12"},
            lambda w: RowMeta(owner=w),
            foreign="spare",
        ),
        ("earned_at", "now() - interval '1 minute'"),
    )
)
_register(
    TableProbe(
        "public.xp_transactions",
        PERSONAS_OWNED,
        _by_id("xp_transactions", *((f"xp_{w}", RowMeta(owner=w)) for w in ("owner", "stranger"))),
        _own_foreign(
            lambda u, w: {"user_id": u[w], "amount": 100000, "reason": "rls_probe"},
            lambda w: RowMeta(owner=w),
            foreign="spare",
        ),
        ("amount", "99999"),
    )
)
_SPLIT = ("anon", "other", "participant", "creator", "service_role")
_register(
    TableProbe(
        "public.revenue_splits",
        _SPLIT,
        _by_id(
            "revenue_splits",
            (
                "split_a",
                RowMeta(
                    owner="creator", creator="creator", members=frozenset({"participant", "spare"})
                ),
            ),
            (
                "split_b",
                RowMeta(owner="stranger", creator="stranger", members=frozenset({"stranger"})),
            ),
        ),
        _own_foreign(
            lambda u, w: {"mashup_id": u[f"{w}_pub"], "creator_id": u[w]},
            lambda w: RowMeta(owner=w, creator=w),
            own_if=_pub,
        ),
        ("minimum_payout", "20"),
    )
)
_register(
    TableProbe(
        "public.revenue_split_recipients",
        _SPLIT,
        _by_id(
            "revenue_split_recipients",
            ("recipient_participant", RowMeta(owner="participant", creator="creator")),
            ("recipient_spare", RowMeta(owner="spare", creator="creator")),
            ("recipient_stranger", RowMeta(owner="stranger", creator="stranger")),
        ),
        lambda u, p: (
            (
                [
                    Candidate(
                        "own split",
                        {
                            "split_id": u["split_a"],
                            "user_id": u["spare"],
                            "display_name": "new",
                            "percentage": 5,
                        },
                        RowMeta(owner="spare", creator="creator"),
                    )
                ]
                if p == "creator"
                else []
            )
            + [
                Candidate(
                    "foreign split",
                    {
                        "split_id": u["split_c"],
                        "user_id": u["spare"],
                        "display_name": "new",
                        "percentage": 5,
                    },
                    RowMeta(owner="spare", creator="stranger"),
                )
            ]
        ),
        ("display_name", "'rls probe'"),
    )
)
_register(
    TableProbe(
        "public.analytics_events",
        PERSONAS_ABOUT_MASHUP,
        _by_id(
            "analytics_events",
            ("event_creator_pub", _about("owner", "creator_pub")),
            ("event_stranger_pub", _about("stranger", "stranger_pub")),
        ),
        _own_foreign(
            lambda u, w: {"user_id": u[w], "mashup_id": u["stranger_pub"], "event_type": "play"},
            lambda w: RowMeta(owner=w, creator="stranger", published=True),
            foreign="spare",
        ),
        ("metadata", "'{\"rls\": 1}'::jsonb"),
    )
)
_register(
    TableProbe(
        "public.analytics_daily_rollup",
        ("anon", "other", "creator", "service_role"),
        lambda u: [
            Target(f"rollup_{m}", {"mashup_id": u[m], "day": u["today"]}, _about(None, m))
            for m in ("creator_pub", "stranger_pub")
        ],
        lambda u, p: [
            Candidate(
                "new",
                {"mashup_id": u["creator_priv"], "day": u["today"], "creator_id": u["creator"]},
                _about(None, "creator_priv"),
            )
        ],
        ("plays", "999"),
    )
)
_register(
    TableProbe(
        "public.tier_limits",
        ("anon", "other", "service_role"),
        lambda u: [Target("free_upload", {"tier": "free", "resource": "mashup_upload"}, PUBLIC)],
        _only(
            lambda u: {"tier": "studio", "resource": "auto_caption", "monthly_limit": None},
            setup=_tier_setup,
        ),
        ("monthly_limit", "999"),
    )
)


def substitute(text: str, u: Universe) -> str:
    """Replace `{name}` in a matrix call with the universe's id as a SQL literal."""
    import re

    def lit(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in u.ids:
            raise KeyError(f"unknown probe object {{{name}}}; known: {', '.join(sorted(u.ids))}")
        v = u.ids[name]
        if isinstance(v, uuid.UUID):
            return f"'{v}'::uuid"
        if isinstance(v, int):
            return str(v)
        return "'" + str(v).replace("'", "''") + "'"

    return re.sub(r"\{([a-z0-9_]+)\}", lit, text)
