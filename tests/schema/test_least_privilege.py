"""Least privilege (0024 + every SECURITY DEFINER function): no client role holds a
sequence privilege, and a caller's temporary objects cannot hijack a definer function."""

from __future__ import annotations

import pytest

from .kit import Db

SEQ = "public.analytics_events_id_seq"


def client_sequence_privileges(db: Db) -> list[tuple]:
    return db.as_admin().all(
        "select c.oid::regclass::text, r.rolname, p.priv "
        "from pg_class c join pg_namespace n on n.oid = c.relnamespace "
        "cross join (values ('anon'), ('authenticated')) as r (rolname) "
        "cross join (values ('USAGE'), ('SELECT'), ('UPDATE')) as p (priv) "
        "where c.relkind = 'S' and n.nspname = 'public' "
        "and has_sequence_privilege(r.rolname, c.oid, p.priv)")


def test_no_client_role_holds_a_sequence_privilege(db: Db) -> None:
    assert db.as_admin().val(
        "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace "
        "where c.relkind = 'S' and n.nspname = 'public'") >= 1
    assert client_sequence_privileges(db) == []


@pytest.mark.parametrize("who", ["anon", "authenticated"])
@pytest.mark.parametrize("call", [f"select setval('{SEQ}', 1, false)", f"select nextval('{SEQ}')",
                                  f"select last_value from {SEQ}"])
def test_a_client_cannot_move_an_identity_sequence(db: Db, who: str, call: str) -> None:
    creator = db.user()
    m = db.mashup(creator)
    db.as_anon() if who == "anon" else db.as_user(db.user())
    first = db.val("select public.log_analytics_event(%s, 'share')", (m,))
    with db.refused("42501"):
        db.all(call)
    # the insert path still works: identity values need no sequence privilege
    assert db.val("select public.log_analytics_event(%s, 'share')", (m,)) > first


def test_new_sequences_start_without_client_privileges(db: Db) -> None:
    """The migrating role's default privileges no longer grant sequences to clients, and an
    identity column still works for a client allowed to insert into its table."""
    db.as_admin().all("create table public.lp_probe (id bigint generated always as identity, "
                      "note text)")
    db.all("create sequence public.lp_probe_seq")
    db.all("grant insert, select on public.lp_probe to authenticated")
    assert [r for r in client_sequence_privileges(db) if "lp_probe" in r[0]] == []
    db.as_user(db.user())
    assert db.val("insert into public.lp_probe (note) values ('hi') returning id") == 1
    with db.refused("42501"):
        db.all("select setval('public.lp_probe_id_seq', 1, false)")


# --- SECURITY DEFINER search_path ------------------------------------------------------------
def test_every_definer_function_pins_pg_catalog_then_pg_temp(db: Db) -> None:
    rows = db.as_admin().all(
        "select p.oid::regprocedure::text, p.proconfig from pg_proc p "
        "join pg_namespace n on n.oid = p.pronamespace "
        "where n.nspname = 'public' and p.prosecdef")
    assert len(rows) >= 20
    wrong = [(f, cfg) for f, cfg in rows
             if not any(c == "search_path=pg_catalog, pg_temp" for c in cfg or [])]
    assert wrong == []


PLANT = [
    # the caller's own function, and a temporary domain named like a built-in type whose
    # check calls it: wherever a definer function resolves `uuid` to pg_temp.uuid, the check
    # runs the caller's code with the function owner's rights
    "create function pg_temp.hijack(v text) returns boolean language sql as $$ "
    "update public.profiles set bio = 'pwned by ' || current_user where id = %(victim)s "
    "returning true $$",
    "create domain pg_temp.uuid as text check (coalesce(pg_temp.hijack(value), true))",
]


def plant(db: Db, victim) -> None:
    for sql in PLANT:
        db.all(sql.replace("%(victim)s", f"'{victim}'"))


def victim_bio(db: Db, victim):
    return db.as_admin().val("select bio from public.profiles where id = %s", (victim,))


@pytest.mark.parametrize("path, hijacked", [("''", True), ("pg_catalog, pg_temp", False)])
def test_a_temporary_type_shadows_uuid_unless_pg_temp_is_last(db: Db, path: str,
                                                              hijacked: bool) -> None:
    """The attack on a definer function shaped like ours (a `uuid` variable in plpgsql):
    with search_path '' the caller's temporary domain wins over pg_catalog.uuid."""
    victim, attacker = db.user(), db.user()
    owner = db.as_admin().val("select current_user")
    db.all(
        "create function public.lp_definer(p text) returns text language plpgsql "
        f"security definer set search_path = {path} as $$ "
        "declare v uuid; begin v := p; return 'ok'; end $$")
    db.all("grant execute on function public.lp_definer(text) to authenticated")
    db.as_user(attacker)
    plant(db, victim)
    assert db.val("select public.lp_definer(%s)", (str(victim),)) == "ok"
    assert victim_bio(db, victim) == (f"pwned by {owner}" if hijacked else None)


def test_the_schemas_definer_functions_ignore_a_planted_type(db: Db) -> None:
    """Real definer functions that declare `uuid` variables, called by a host who planted the
    domain: the planted code never runs, and the legitimate effect happens. (The planted type
    only breaks the planter's own statements, e.g. their policies' auth.uid(), which run with
    their rights anyway.)"""
    victim, host = db.user(), db.user()
    db.as_user(host)
    sid = db.val("select public.create_collab_session('jam')")
    plant(db, victim)
    db.all("select public.end_collab_session(%s)", (sid,))
    second = db.val("select public.create_collab_session('jam 2')")
    assert victim_bio(db, victim) is None
    assert db.all("select id, status from public.collaboration_sessions where host_id = %s "
                  "order by status", (host,)) == [(second, "active"), (sid, "ended")]
