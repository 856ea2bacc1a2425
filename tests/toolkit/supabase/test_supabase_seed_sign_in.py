"""sql/seed.sql is the same file locally and on Supabase: `mashdb reset` run as Supabase's
non-superuser postgres on a Supabase-faithful database (auth.users and auth.identities as
GoTrue defines them: no stand-in defaults) leaves every persona one GoTrue can sign in by
email (tests/gotrue.py), with no password; a user written the way the seed used to write
them (id, email, metadata, created_at) is one it could not."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from gotrue import sign_in_problems
from helpers import REPO, target
from supabase_kit import SupabaseDb

from toolkit import reset as reset_lib
from toolkit.db import connect
from toolkit.project import Project

PERSONAS = tuple(
    f"{name}@example.com" for name in ("maya", "leo", "nova", "rio", "sam", "ivy", "kai")
)


def test_the_seed_signs_in_on_a_supabase_faithful_database(
    supabase_project: Callable[..., SupabaseDb],
) -> None:
    db = supabase_project(migrated=True)
    reset_lib.reset(target(db.url), Project(REPO))
    with connect(db.url) as conn:
        assert sign_in_problems(conn, PERSONAS) == []
        assert conn.execute(
            "select count(*), count(encrypted_password) from auth.users"
        ).fetchone() == (7, 0)
        email = "old-style@example.com"
        with conn.transaction(force_rollback=True):
            conn.execute(
                "insert into auth.users (id, email, raw_user_meta_data, created_at) "
                "values (%s, %s, '{}', now())",
                (uuid.uuid4(), email),
            )
            not_found = [f"{email}: GoTrue's email lookup finds no user"]
            assert sign_in_problems(conn, [email]) == not_found
            conn.execute(
                "update auth.users set instance_id = '00000000-0000-0000-0000-000000000000', "
                "aud = 'authenticated', role = 'authenticated' where email = %s",
                (email,),
            )
            assert sign_in_problems(conn, [email]) == [
                f"{email}: {c} is NULL"
                for c in (
                    "confirmation_token",
                    "recovery_token",
                    "email_change_token_new",
                    "email_change",
                    "updated_at",
                )
            ] + [
                f"{email}: email not confirmed (email_confirmed_at is NULL)",
                f"{email}: no email identity with provider_id, sub and email of the user",
            ]
