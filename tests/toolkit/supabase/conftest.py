"""A Supabase-faithful database for tests: `supabase_project` (session) and `supabase_db`.

Real Supabase runs project migrations as `postgres`, which is not a superuser, on a cluster
whose bootstrap superuser is `supabase_admin`; `auth` belongs to `supabase_auth_admin`.
Roles are cluster-wide and PostgreSQL never demotes its bootstrap superuser, so this cannot
be a database on the suite's shared server: each pytest process that uses it starts its own
throwaway embedded cluster, initialised with `supabase_admin` as bootstrap superuser
(toolkit.testdb places the data directory under /dev/shm or /tmp, which the server's
unprivileged system user can traverse; pytest's 0700 basetemp it could not). The roles come
from cluster.sql beside this file, the project's schemas and grants from project.sql (both
written from Supabase's documented facts; see their headers). Tests that need a Supabase
project go in this folder (tests/toolkit/supabase/), where these fixtures are visible.

Fixtures:
- `supabase_project(*, extensions=(), migrated=False) -> SupabaseDb` (session scope): a
  factory; every call returns a fresh database cloned from the project template.
  `extensions` are installed in schema `extensions` by supabase_admin first (what enabling
  them in the dashboard does: `("vector",)` for migration 0018); `migrated=True` gives a
  database migrated to head by mashdb as `postgres` (vector pre-installed; cloned from a
  template built once per process).
- `supabase_db` (function scope): `supabase_project()`, dropped after the test.

A `SupabaseDb` has `url` (log in as `postgres`, the role migrations run as), `admin_url`
(as `supabase_admin`, the superuser: use it only to arrange what the platform would) and
`as_role(name)` (e.g. `supabase_auth_admin`, which inserts into auth.users as GoTrue does).
Works under `pytest -n 2 --dist loadgroup`: one cluster per worker that needs one, stopped
when the worker ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from supabase_kit import Cluster, SupabaseDb


@pytest.fixture(scope="session")
def _supabase_cluster() -> Iterator[Cluster]:
    cluster = Cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def supabase_project(_supabase_cluster: Cluster) -> Callable[..., SupabaseDb]:
    """Factory of fresh Supabase-faithful databases (see the module docstring)."""

    def make(*, extensions: tuple[str, ...] = (), migrated: bool = False) -> SupabaseDb:
        return _supabase_cluster.new(tuple(extensions), migrated)

    return make


@pytest.fixture
def supabase_db(
    _supabase_cluster: Cluster, supabase_project: Callable[..., SupabaseDb]
) -> Iterator[SupabaseDb]:
    """A fresh Supabase-faithful database (nothing of mashdb in it), dropped afterwards."""
    made = supabase_project()
    yield made
    _supabase_cluster.drop(made.name)
