"""Every seed user is one GoTrue (Supabase Auth) can sign in by magic link or one-time code:
after `mashdb reset`, GoTrue's own user-by-email lookup finds each persona, with no NULL
where GoTrue reads a plain value, a confirmed email, aud and role 'authenticated', and an
email identity matching the user's id and email; and no seed user has a password. The
check that says so catches each way a seed row could break it (tests/gotrue.py)."""

from __future__ import annotations

import pytest
from gotrue import sign_in_problems
from helpers import REPO, target

from toolkit import reset as reset_lib
from toolkit.db import connect
from toolkit.project import Project

PERSONAS = tuple(
    f"{name}@example.com" for name in ("maya", "leo", "nova", "rio", "sam", "ivy", "kai")
)
MAYA = PERSONAS[0]


@pytest.fixture(scope="module")
def seeded(module_url: str) -> str:
    """The module's database, reset with the seed; its URL."""
    reset_lib.reset(target(module_url), Project(REPO))
    return module_url


def test_gotrues_email_lookup_finds_every_persona_ready_to_sign_in(seeded: str) -> None:
    with connect(seeded) as conn:
        emails = [r[0] for r in conn.execute("select email from auth.users order by email")]
        assert sorted(emails) == sorted(PERSONAS)
        assert sign_in_problems(conn, PERSONAS) == []
        # and the lookup is case-insensitive on the address, as GoTrue's is
        assert sign_in_problems(conn, ["Maya@Example.COM"]) == []


def test_no_seed_user_holds_a_credential(seeded: str) -> None:
    with connect(seeded) as conn:
        row = conn.execute(
            "select count(*), count(encrypted_password), count(*) filter (where exists ("
            "  select 1 from auth.identities as i where i.user_id = u.id and i.provider = 'email'"
            ")) from auth.users as u"
        ).fetchone()
    assert row == (7, 0, 7)


BROKEN = {
    "a NULL token": (
        "update auth.users set confirmation_token = null where email = %(e)s",
        "confirmation_token is NULL",
    ),
    "a NULL email change": (
        "update auth.users set email_change = null where email = %(e)s",
        "email_change is NULL",
    ),
    "an unconfirmed email": (
        "update auth.users set email_confirmed_at = null where email = %(e)s",
        "email not confirmed (email_confirmed_at is NULL)",
    ),
    "another instance": (
        "update auth.users set instance_id = gen_random_uuid() where email = %(e)s",
        "GoTrue's email lookup finds no user",
    ),
    "no audience": (
        "update auth.users set aud = null where email = %(e)s",
        "GoTrue's email lookup finds no user",
    ),
    "another role": (
        "update auth.users set role = 'service_role' where email = %(e)s",
        "role is 'service_role', not 'authenticated'",
    ),
    "a password": (
        "update auth.users set encrypted_password = 'x' where email = %(e)s",
        "has an encrypted_password (a credential)",
    ),
    "no identity": (
        "delete from auth.identities where email = %(e)s",
        "no email identity with provider_id, sub and email of the user",
    ),
    "an identity without sub": (
        "update auth.identities set identity_data = identity_data - 'sub' where email = %(e)s",
        "no email identity with provider_id, sub and email of the user",
    ),
    "an identity without timestamps": (
        "update auth.identities set created_at = null where email = %(e)s",
        "identity email created_at is NULL",
    ),
}


@pytest.mark.parametrize("breakage", sorted(BROKEN))
def test_the_check_catches_a_broken_seed_row(seeded: str, breakage: str) -> None:
    sql, problem = BROKEN[breakage]
    with connect(seeded) as conn, conn.transaction(force_rollback=True):
        assert conn.execute(sql, {"e": MAYA}).rowcount == 1
        assert sign_in_problems(conn, PERSONAS) == [f"{MAYA}: {problem}"]


def test_a_seed_that_leaves_a_token_null_is_caught(migrated_db: str, project_copy) -> None:
    seed = project_copy.sql / "seed.sql"
    text = seed.read_text(encoding="utf-8")
    assert text.count("  '' as recovery_token,\n") == 1
    seed.write_text(text.replace("  '' as recovery_token,\n", "  null as recovery_token,\n"))
    reset_lib.reset(target(migrated_db), project_copy)
    with connect(migrated_db) as conn:
        problems = sign_in_problems(conn, PERSONAS)
    assert problems == [f"{e}: recovery_token is NULL" for e in PERSONAS]
