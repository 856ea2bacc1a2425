"""Direct writes obey the same limits as the functions (0024's check constraints): a client
writing a table directly gets 23514 one character / byte past the limit and succeeds at it,
and where a function writes the same column it draws the line at exactly the same place."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable

import pytest

from .kit import Db


def obj_of_bytes(n: int) -> str:
    """A JSON object whose jsonb text form (`{"k": "xx…"}`) is exactly n bytes."""
    return json.dumps({"k": "x" * (n - len('{"k": ""}'))})


def setup_rows(db: Db) -> dict[str, uuid.UUID]:
    u = db.user()
    return {
        "user": u,
        "mashup": db.mashup(u),
        "session": db.insert("collaboration_sessions", host_id=u, title="jam"),
    }


# (name, direct write as the user, value at the limit, value one past it)
DIRECT: list[tuple[str, str, Callable[[dict], object], Callable[[dict], object]]] = [
    ("caption text", "insert into public.captions (mashup_id, segment_index, start_seconds, "
     "end_seconds, text) values (%(mashup)s, 0, 0, 1, %(v)s)", lambda r: "x" * 2000,
     lambda r: "x" * 2001),
    ("caption text empty", "insert into public.captions (mashup_id, segment_index, "
     "start_seconds, end_seconds, text) values (%(mashup)s, 0, 0, 1, %(v)s)", lambda r: "x",
     lambda r: ""),
    ("caption language", "insert into public.captions (mashup_id, segment_index, start_seconds, "
     "end_seconds, text, language) values (%(mashup)s, 0, 0, 1, 'hi', %(v)s)",
     lambda r: "x" * 16, lambda r: "x" * 17),
    ("session title", "update public.collaboration_sessions set title = %(v)s "
     "where id = %(session)s", lambda r: "x" * 200, lambda r: "x" * 201),
    ("session title blank", "update public.collaboration_sessions set title = %(v)s "
     "where id = %(session)s", lambda r: "x", lambda r: "   "),
    ("recommendation metadata", "insert into public.recommendation_events (user_id, mashup_id, "
     "event_type, metadata) values (%(user)s, %(mashup)s, 'shown', %(v)s::jsonb)",
     lambda r: obj_of_bytes(2048), lambda r: obj_of_bytes(2049)),
    ("recommendation metadata not an object", "insert into public.recommendation_events "
     "(user_id, mashup_id, event_type, metadata) values (%(user)s, %(mashup)s, 'shown', "
     "%(v)s::jsonb)", lambda r: "{}", lambda r: "[1]"),
    ("recommendation id", "insert into public.recommendation_events (user_id, event_type, "
     "recommendation_id) values (%(user)s, 'shown', %(v)s)", lambda r: "x" * 200,
     lambda r: "x" * 201),
    ("profile bio", "update public.profiles set bio = %(v)s where id = %(user)s",
     lambda r: "x" * 500, lambda r: "x" * 501),
    ("mashup title", "update public.mashups set title = %(v)s where id = %(mashup)s",
     lambda r: "x" * 200, lambda r: "x" * 201),
    ("mashup title empty", "update public.mashups set title = %(v)s where id = %(mashup)s",
     lambda r: "x", lambda r: ""),
    ("mashup description", "update public.mashups set description = %(v)s "
     "where id = %(mashup)s", lambda r: "x" * 5000, lambda r: "x" * 5001),
    ("mashup genre", "update public.mashups set genre = %(v)s where id = %(mashup)s",
     lambda r: "x" * 50, lambda r: "x" * 51),
    ("mashup tag count", "update public.mashups set tags = %(v)s where id = %(mashup)s",
     lambda r: ["t"] * 20, lambda r: ["t"] * 21),
    ("mashup tags total length", "update public.mashups set tags = %(v)s where id = %(mashup)s",
     lambda r: ["x" * 50] * 20, lambda r: ["x" * 50] * 19 + ["x" * 51]),
    ("mashup audio url", "update public.mashups set audio_url = %(v)s where id = %(mashup)s",
     lambda r: "https://a/" + "x" * 2038, lambda r: "https://a/" + "x" * 2039),
    ("voice room name", "insert into public.voice_rooms (host_id, name) "
     "values (%(user)s, %(v)s)", lambda r: "x" * 100, lambda r: "x" * 101),
    ("ai job input", "insert into public.ai_jobs (user_id, job_type, input) "
     "values (%(user)s, 'stem_separation', %(v)s::jsonb)", lambda r: obj_of_bytes(8192),
     lambda r: obj_of_bytes(8193)),
]


@pytest.mark.parametrize(("sql", "ok", "too_big"), [d[1:] for d in DIRECT],
                         ids=[d[0] for d in DIRECT])
def test_a_direct_write_stops_at_the_limit(db: Db, sql: str, ok, too_big) -> None:
    rows = setup_rows(db)
    db.as_user(rows["user"])
    with db.refused("23514"):
        db.all(sql, {**rows, "v": too_big(rows)})
    assert db.rowcount(sql, {**rows, "v": ok(rows)}) == 1


def test_a_megabyte_is_refused_everywhere(db: Db) -> None:
    """The issue's attack: 1 MB through each direct route (one per table)."""
    rows = setup_rows(db)
    db.as_user(rows["user"])
    mb = "x" * 1_000_000
    seen = set()
    for name, sql, _ok, _big in DIRECT:
        table = sql.split("public.")[1].split()[0]
        if table in seen or "empty" in name or "blank" in name or "object" in name:
            continue
        seen.add(table)
        value = json.dumps({"k": mb}) if "::jsonb" in sql else ([mb] if "tags" in sql else mb)
        with db.refused("23514"):
            db.all(sql, {**rows, "v": value})
    assert seen == {"captions", "collaboration_sessions", "recommendation_events", "profiles",
                    "mashups", "voice_rooms", "ai_jobs"}


# --- one limit per fact: the functions and the constraints agree --------------------------
def test_save_captions_and_direct_inserts_share_the_text_limits(db: Db) -> None:
    rows = setup_rows(db)
    db.as_user(rows["user"])
    for text, lang in (("x" * 2000, "x" * 16), ("x", "xx")):
        seg = [{"start": 0, "end": 1, "text": text, "language": lang}]
        assert db.val("select public.save_captions(%s, %s)", (rows["mashup"], json.dumps(seg))) == 1
    for text, lang in (("x" * 2001, "en"), ("", "en"), ("x", "x" * 17), ("x", "x")):
        seg = [{"start": 0, "end": 1, "text": text, "language": lang}]
        with db.refused("22023"):
            db.val("select public.save_captions(%s, %s)", (rows["mashup"], json.dumps(seg)))
        with db.refused("23514"):
            db.all("insert into public.captions (mashup_id, segment_index, start_seconds, "
                   "end_seconds, text, language) values (%s, 9, 0, 1, %s, %s)",
                   (rows["mashup"], text, lang))


def test_create_collab_session_and_direct_writes_share_the_title_limit(db: Db) -> None:
    rows = setup_rows(db)
    db.as_user(rows["user"])
    sid = db.val("select public.create_collab_session(%s)", ("  " + "x" * 200 + "  ",))
    assert db.val("select char_length(title) from public.collaboration_sessions where id = %s",
                  (sid,)) == 200
    for title in ("x" * 201, "   "):
        with db.refused("22023"):
            db.val("select public.create_collab_session(%s)", (title,))
        with db.refused("23514"):
            db.all("insert into public.collaboration_sessions (host_id, title) values (%s, %s)",
                   (rows["user"], title))


def test_event_metadata_limit_is_the_analytics_one(db: Db) -> None:
    """recommendation_events.metadata takes exactly what log_analytics_event takes."""
    rows = setup_rows(db)
    db.as_user(rows["user"])
    direct = ("insert into public.recommendation_events (user_id, mashup_id, event_type, "
              "metadata) values (%s, %s, 'shown', %s::jsonb)")
    at, past = obj_of_bytes(2048), obj_of_bytes(2049)
    assert db.val("select public.log_analytics_event(%s, 'play', %s::jsonb)",
                  (rows["mashup"], at)) > 0
    assert db.rowcount(direct, (rows["user"], rows["mashup"], at)) == 1
    with db.refused("22023"):
        db.val("select public.log_analytics_event(%s, 'play', %s::jsonb)", (rows["mashup"], past))
    with db.refused("23514"):
        db.all(direct, (rows["user"], rows["mashup"], past))
