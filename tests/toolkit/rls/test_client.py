"""The impersonation harness itself: personas, claims, and the three outcomes."""

from __future__ import annotations

import json

import pytest

from toolkit.rls.client import (
    ANON,
    SERVICE_ROLE,
    Attempt,
    ExpectedAllowed,
    ExpectedDenied,
    ExpectedInvisible,
    Persona,
    RLSAssertionError,
    RLSClient,
)
from toolkit.rls.matrix import MatrixError, loads


def _claims(rls: RLSClient) -> dict:
    row = rls.execute("select current_setting('request.jwt.claims', true)").fetchone()
    return json.loads(row[0]) if row and row[0] else {}


def test_make_user_gets_a_profile_from_the_real_trigger(rls: RLSClient, make_user) -> None:
    u = make_user("alice", metadata={"username": "alice_rls", "display_name": "Alice"})
    with rls.as_owner():
        row = rls.execute(
            "select username, display_name from public.profiles where id = %s", (u.id,)
        ).fetchone()
    assert row == ("alice_rls", "Alice")


def test_personas_switch_several_times_in_one_transaction(rls: RLSClient, make_user) -> None:
    a, b = make_user("a"), make_user("b")
    seen = []
    for ctx in (
        rls.as_user(a),
        rls.as_anon(),
        rls.as_user(b),
        rls.as_service_role(),
        rls.as_user(a),
    ):
        with ctx:
            role, uid = rls.execute("select current_user, auth.uid()").fetchone()
            seen.append((role, uid))
    assert seen == [
        ("authenticated", a.id),
        ("anon", None),
        ("authenticated", b.id),
        ("service_role", None),
        ("authenticated", a.id),
    ]


def test_claims_are_one_transaction_local_json_setting(rls: RLSClient, make_user) -> None:
    u = make_user("claims")
    with rls.as_user(u, aal="aal2"):
        claims = _claims(rls)
        assert claims == {
            "role": "authenticated",
            "sub": str(u.id),
            "email": u.email,
            "aal": "aal2",
            "is_anonymous": False,
        }
        assert rls.execute("select auth.role(), auth.email()").fetchone() == (
            "authenticated",
            u.email,
        )
    with rls.as_anon():
        assert _claims(rls) == {"role": "anon"}
    # outside any persona: the connection's own role and no claims
    assert _claims(rls) == {}


def test_nested_personas_restore_the_outer_one(rls: RLSClient, make_user) -> None:
    u = make_user("outer")
    with rls.as_user(u):
        with rls.as_service_role():
            assert rls.execute("select current_user").fetchone()[0] == "service_role"
        assert rls.execute("select current_user, auth.uid()").fetchone() == ("authenticated", u.id)


def test_three_outcomes_are_told_apart(rls: RLSClient, make_user) -> None:
    alice, bob = make_user("alice"), make_user("bob")
    with rls.as_user(alice):
        rls.assert_allowed(
            "update public.profiles set bio = 'mine' where id = %s",
            (alice.id,),
            verify=lambda c: c.execute(
                "select bio = 'mine' from public.profiles where id = %s", (alice.id,)
            ).fetchone()[0],
        )
        # RLS silently filters bob's row: no error, zero rows — never "allowed"
        out = rls.assert_invisible(
            "update public.profiles set bio = 'hacked' where id = %s", (bob.id,)
        )
        assert out.rowcount == 0
        with pytest.raises(ExpectedAllowed):
            rls.assert_allowed("update public.profiles set bio = 'hacked' where id = %s", (bob.id,))
        # no privilege on the column: 42501
        out = rls.assert_denied(
            "update public.profiles set id = gen_random_uuid() where id = %s", (alice.id,)
        )
        assert out.sqlstate == "42501"
        # a WITH CHECK violation is denied too
        rls.assert_denied(
            "insert into public.mashups (creator_id, title) values (%s, 'x')", (bob.id,)
        )


def _own_mashups(rls: RLSClient, user) -> int:
    """The user's mashups visible to the current persona (probe rows only: the database
    may hold any number of other users' rows)."""
    row = rls.execute("select count(*) from public.mashups where creator_id = %s", (user.id,))
    return int(row.fetchone()[0])


def test_attempts_leave_no_trace(rls: RLSClient, make_user) -> None:
    u = make_user("trace")
    with rls.as_user(u):
        rls.assert_allowed(
            "insert into public.mashups (creator_id, title) values (%s, 'gone')", (u.id,)
        )
        assert _own_mashups(rls, u) == 0
        rls.assert_allowed(
            "insert into public.mashups (creator_id, title) values (%s, 'kept')", (u.id,), keep=True
        )
        assert _own_mashups(rls, u) == 1


def test_verify_turns_an_unseen_effect_into_invisible(rls: RLSClient, make_user) -> None:
    u = make_user("verify")
    with rls.as_user(u):
        out = rls.attempt(
            "update public.profiles set bio = 'x' where id = %s", (u.id,), verify=lambda c: False
        )
    assert out.invisible


def test_assertion_errors_are_assertion_errors(rls: RLSClient, make_user) -> None:
    make_user("visible")
    for exc in (ExpectedAllowed, ExpectedDenied, ExpectedInvisible):
        assert issubclass(exc, RLSAssertionError) and issubclass(exc, AssertionError)
    with rls.as_anon():
        with pytest.raises(AssertionError, match="expected denied as anon, got allowed"):
            rls.assert_denied("select 1 from public.profiles")


def test_other_errors_are_neither_allowed_nor_denied(rls: RLSClient) -> None:
    with rls.as_service_role():
        out = rls.attempt(
            "insert into public.mashups (creator_id, title) values (gen_random_uuid(), 'x')"
        )
    assert out.kind == "error" and out.sqlstate == "23503"


def test_attempt_many_classifies_each_statement_as_attempt_does(rls: RLSClient, make_user) -> None:
    """The server-side batch gives, statement by statement, the outcome `attempt` gives."""
    alice, bob = make_user("alice"), make_user("bob")
    a, b = Persona("authenticated", alice), Persona("authenticated", bob)
    tries = [
        (a, "update public.profiles set bio = 'mine' where id = %s", (alice.id,)),
        (a, "update public.profiles set bio = 'hacked' where id = %s", (bob.id,)),
        (a, "update public.profiles set id = gen_random_uuid() where id = %s", (alice.id,)),
        (a, "insert into public.mashups (creator_id, title) values (%s, 'x')", (bob.id,)),
        (b, "select 1 from public.profiles where id = %s", (bob.id,)),
        (ANON, "insert into public.mashups (creator_id, title) values (%s, 'x')", (alice.id,)),
        (
            SERVICE_ROLE,
            "insert into public.mashups (creator_id, title) values (gen_random_uuid(), 'x')",
            None,
        ),
    ]
    one_by_one = []
    for persona, query, params in tries:
        with rls.impersonate(persona):
            one_by_one.append(rls.attempt(query, params))
    batched = rls.attempt_many([Attempt(rls.inline(q, p), who) for who, q, p in tries])
    got = [(o.kind, o.rowcount, o.sqlstate) for o in batched]
    assert got == [(o.kind, o.rowcount, o.sqlstate) for o in one_by_one]
    assert [o.kind for o in batched] == [
        "allowed",
        "invisible",
        "denied",
        "denied",
        "allowed",
        "denied",
        "error",
    ]
    assert batched[-1].sqlstate == "23503" and batched[1].persona == "alice"


def test_attempt_many_verifies_keeps_and_undoes(rls: RLSClient, make_user) -> None:
    u = make_user("batch")
    me = Persona("authenticated", u)
    mine = rls.inline("select count(*) from public.mashups where creator_id = %s", (u.id,))
    insert = rls.inline("insert into public.mashups (creator_id, title) values (%s, 'b')", (u.id,))
    done = rls.attempt_many(
        [
            Attempt(insert, me),  # rolled back
            Attempt(mine),
            Attempt(insert, me, verify="select false"),  # the effect is not confirmed
            Attempt(insert, me, keep=True),
            Attempt(mine, me),
        ]
    )
    assert [o.kind for o in done] == ["allowed", "allowed", "invisible", "allowed", "allowed"]
    assert done[1].rows == ((0,),) and done[4].rows == ((1,),)
    assert rls.execute(mine).fetchone() == (1,)  # kept
    rls.attempt_many([Attempt(insert, me, keep=True)], undo=True)
    assert rls.execute(mine).fetchone() == (1,)  # undone with its batch


def test_attempt_many_setup_rows_and_privilege_checks(rls: RLSClient) -> None:
    """A setup row's value replaces `{label}`; a `check` statement refuses with 42501."""
    setup = (
        (
            "insert into auth.users (id, email) values (gen_random_uuid(), 'setup@rls.test') "
            "returning id",
            "fresh",
        ),
    )
    made, checked, unchecked = rls.attempt_many(
        [
            Attempt("select email from auth.users where id = {fresh}", setup=setup, fetch=True),
            Attempt("select false, 'public.mashups'", check=True),
            Attempt("select true, null", check=True),
        ]
    )
    assert made.rows == (("setup@rls.test",),)
    assert (checked.kind, checked.sqlstate) == ("denied", "42501")
    assert unchecked.kind == "allowed"
    assert rls.execute(
        "select count(*) from auth.users where email = 'setup@rls.test'"
    ).fetchone() == (0,)


@pytest.mark.parametrize(
    "text, message",
    [
        ('[tables.mashups]\nselect = { anon = "maybe" }', "unknown outcome 'maybe'"),
        ('[tables.mashups]\nselect = { admin = "allowed" }', "unknown persona 'admin'"),
        ("[tables.mashups]\nfoo = 1", "unknown key(s) ['foo']"),
        ('[tables.mashups]\nselect = { anon = "allowed" }', "missing command(s)"),
        ("[nonsense]\n", "unknown top-level key"),
        (
            '[functions.f]\ncall = "select 1"\nanon = "allowed"\n'
            'service_role = "own rows"\nother = "allowed"',
            "unknown outcome 'own rows'",
        ),
    ],
)
def test_matrix_rejects_what_it_does_not_understand(text: str, message: str) -> None:
    personas = (
        '[personas]\nanon = { role = "anon" }\n'
        'other = { role = "authenticated", user = "other" }\n'
        'service_role = { role = "service_role" }\n'
    )
    with pytest.raises(MatrixError) as info:
        loads(personas + text)
    assert message in str(info.value)


def test_the_project_matrix_loads(rls_matrix) -> None:
    assert "public.mashups" in rls_matrix.tables
    assert rls_matrix.tables["public.revenue_splits"].columns
