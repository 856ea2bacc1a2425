"""The Supabase-faithful cluster behind the fixtures of conftest.py beside this file."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from psycopg.conninfo import make_conninfo

from toolkit import db, engine, testdb
from toolkit.db import Target
from toolkit.project import Project

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
SUPERUSER = "supabase_admin"
# GoTrue's auth schema as a Supabase project has it (shared with tests/toolkit/engine)
AUTH_SERVICE = REPO / "tests" / "toolkit" / "fixtures" / "supabase_auth.sql"


@dataclass(frozen=True)
class SupabaseDb:
    """One database of the Supabase-faithful cluster."""

    name: str
    url: str  # as postgres
    admin_url: str  # as supabase_admin (bootstrap superuser)

    def as_role(self, role: str) -> str:
        """The URL of this database logging in as `role` (trust authentication)."""
        return make_conninfo(self.url, user=role)


class Cluster:
    """The throwaway cluster of this process and its template databases."""

    def __init__(self) -> None:
        self.server = testdb.ThrowawayServer.start(superuser=SUPERUSER)
        self.admin_url = self.server.url
        self._lock = threading.Lock()
        self._migrated: str | None = None
        with db.connect(self.admin_url) as conn:
            conn.execute((HERE / "cluster.sql").read_text())
        self.template = testdb.unique_name("supabase_template")
        self._create(self.template, "template0")
        with db.connect(db.with_database(self.admin_url, self.template)) as conn:
            conn.execute((HERE / "project.sql").read_text())
            # the auth service creates its own schema and objects, as GoTrue does
            conn.execute("set role supabase_auth_admin")
            conn.execute(AUTH_SERVICE.read_text())
            conn.execute("reset role")
            conn.execute((HERE / "project_auth.sql").read_text())
        self._mark_template(self.template)

    def _create(self, name: str, template: str) -> SupabaseDb:
        db.create_database(self.admin_url, name, template=template)
        with db.connect(self.admin_url) as conn:
            # a project's postgres may connect, create schemas and temporary tables, and the
            # auth service create its schema; a database's ACL is not copied from its
            # template, so it is granted per database
            conn.execute(f'grant all on database "{name}" to postgres')
            conn.execute(f'grant create on database "{name}" to supabase_auth_admin')
        admin = db.with_database(self.admin_url, name)
        return SupabaseDb(name, make_conninfo(admin, user="postgres"), admin)

    def _mark_template(self, name: str) -> None:
        with db.connect(self.admin_url) as conn:
            conn.execute(f'alter database "{name}" with is_template true')

    def new(self, extensions: tuple[str, ...] = (), migrated: bool = False) -> SupabaseDb:
        template = self._migrated_template() if migrated else self.template
        made = self._create(testdb.unique_name("supabase"), template)
        if extensions:
            with db.connect(made.admin_url) as conn:
                for ext in extensions:
                    conn.execute(f'create extension if not exists "{ext}" schema extensions')
        return made

    def _migrated_template(self) -> str:
        with self._lock:
            if self._migrated is None:
                made = self.new(extensions=("vector",))
                engine.migrate(Target(made.url, "--database-url"), Project(REPO))
                self._mark_template(made.name)
                self._migrated = made.name
            return self._migrated

    def drop(self, name: str) -> None:
        db.drop_database(self.admin_url, name)

    def stop(self) -> None:
        self.server.stop()
