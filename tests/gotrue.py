"""What GoTrue (Supabase Auth) needs of an auth.users row to sign its user in by email, as
its source has it, for tests of seeded users (tests/schema/test_seed_sign_in.py and, on a
Supabase-faithful database, tests/toolkit/supabase/test_supabase_seed_sign_in.py).

From GoTrue's source: its user-by-email lookup (FindUserByEmailAndAudience, used by the
magic link and one-time code endpoints) selects every column of its user model where
instance_id is the nil uuid, lower(email) is the lower-cased address, aud is the request's
audience ('authenticated' on Supabase) and is_sso_user is false, and loads the user's
identities with it. The model reads some columns into plain Go strings, numbers, booleans,
times and uuids, which fail on NULL ("converting NULL to string is unsupported"): those
are NOT_NULL_USER / NOT_NULL_IDENTITY below. A magic link goes to a confirmed user
(email_confirmed_at set); an unconfirmed one is sent through sign-up again. A user who
signed up by email has an identity with provider 'email', provider_id its id and
identity_data holding sub (the id) and email.
"""

from __future__ import annotations

from collections.abc import Iterable

import psycopg
from psycopg.rows import dict_row

NIL_INSTANCE = "00000000-0000-0000-0000-000000000000"
AUDIENCE = "authenticated"

# Every column GoTrue's user model reads (its `db` tags), in the model's order.
USER_COLUMNS = (
    "id aud role email is_sso_user encrypted_password email_confirmed_at invited_at phone "
    "phone_confirmed_at confirmation_token confirmation_sent_at confirmed_at recovery_token "
    "recovery_sent_at email_change_token_current email_change_token_new email_change "
    "email_change_sent_at email_change_confirm_status phone_change_token phone_change "
    "phone_change_sent_at reauthentication_token reauthentication_sent_at last_sign_in_at "
    "raw_app_meta_data raw_user_meta_data created_at updated_at banned_until deleted_at "
    "is_anonymous instance_id"
).split()
# Those it reads into non-nullable Go types (string, int, bool, time.Time, uuid.UUID).
NOT_NULL_USER = (
    "id aud role is_sso_user confirmation_token recovery_token email_change_token_current "
    "email_change_token_new email_change email_change_confirm_status phone_change_token "
    "phone_change reauthentication_token created_at updated_at is_anonymous instance_id"
).split()
NOT_NULL_IDENTITY = "id provider_id user_id provider created_at updated_at".split()

LOOKUP = (
    f"select {', '.join(USER_COLUMNS)} from auth.users "
    "where instance_id = %s and lower(email) = %s and aud = %s and is_sso_user = false "
    "limit 1"
)


def sign_in_problems(conn: psycopg.Connection, emails: Iterable[str]) -> list[str]:
    """Why GoTrue could not sign each of `emails` in by magic link or one-time code (one
    line per problem; empty when every one can). Reads auth.users and auth.identities, so
    `conn` must be allowed to (the database owner, or Supabase's postgres)."""
    problems: list[str] = []
    with conn.cursor(row_factory=dict_row) as cur:
        for email in emails:
            user = cur.execute(LOOKUP, (NIL_INSTANCE, email.lower(), AUDIENCE)).fetchone()
            if user is None:
                problems.append(f"{email}: GoTrue's email lookup finds no user")
                continue
            problems += [f"{email}: {c} is NULL" for c in NOT_NULL_USER if user[c] is None]
            if user["role"] != AUDIENCE:
                problems.append(f"{email}: role is {user['role']!r}, not {AUDIENCE!r}")
            if user["email_confirmed_at"] is None:
                problems.append(f"{email}: email not confirmed (email_confirmed_at is NULL)")
            if user["encrypted_password"] is not None:
                problems.append(f"{email}: has an encrypted_password (a credential)")
            problems += _identity_problems(cur, email, user)
    return problems


def _identity_problems(cur: psycopg.Cursor, email: str, user: dict) -> list[str]:
    identities = cur.execute(
        "select * from auth.identities where user_id = %s", (user["id"],)
    ).fetchall()
    problems = [
        f"{email}: identity {i['provider']} {c} is NULL"
        for i in identities
        for c in NOT_NULL_IDENTITY
        if i[c] is None
    ]
    uid = str(user["id"])
    matching = [
        i
        for i in identities
        if i["provider"] == "email"
        and i["provider_id"] == uid
        and (i["identity_data"] or {}).get("sub") == uid
        and str((i["identity_data"] or {}).get("email", "")).lower() == str(user["email"]).lower()
    ]
    if not matching:
        problems.append(f"{email}: no email identity with provider_id, sub and email of the user")
    return problems
