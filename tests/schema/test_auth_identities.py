"""The bootstrap's auth.identities, like auth.users, is out of every API role's reach.

GoTrue owns it on Supabase; locally it is the stand-in the seed writes. The migrating
role reads it; anon, authenticated and service_role have no privilege on it, and RLS is on."""

from __future__ import annotations

import psycopg
import pytest

from .kit import Db


def test_rls_is_on_and_no_api_role_has_a_privilege(db: Db) -> None:
    db.as_admin()
    assert db.val("select relrowsecurity from pg_class where oid = 'auth.identities'::regclass")
    for role in ("anon", "authenticated", "service_role"):
        for privilege in ("select", "insert", "update", "delete"):
            assert not db.val(
                "select has_table_privilege(%s, 'auth.identities', %s)", (role, privilege)
            ), (role, privilege)


def test_the_migrating_role_reads_it_and_the_api_roles_are_refused(db: Db) -> None:
    user = db.user()
    db.as_admin()
    db.all(
        "insert into auth.identities (provider_id, user_id, identity_data, provider) "
        "values (%s, %s, jsonb_build_object('sub', %s::text), 'email')",
        (str(user), user, user),
    )
    assert db.val("select count(*) from auth.identities where user_id = %s", (user,)) == 1
    for become in (db.as_service, lambda: db.as_user(user)):
        db.all("savepoint probe")
        become()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            db.all("select 1 from auth.identities where user_id = %s", (user,))
        db.all("rollback to savepoint probe")  # also undoes the role switch
        db.as_admin()
