"""Throwaway servers and databases for test suites: one migrated template, cheap clones.

Used by mashdb's pytest plugin (and so by any project using mashdb) and by the benchmarks.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from toolkit import db, embedded, engine
from toolkit.db import Target
from toolkit.project import Project


@dataclass
class ThrowawayServer:
    """An embedded PostgreSQL in a temporary directory, removed by `stop()`."""

    root: Path
    url: str

    @classmethod
    def start(cls) -> ThrowawayServer:
        # /tmp keeps the Unix socket path short (the limit is ~107 bytes).
        root = Path(tempfile.mkdtemp(prefix="mashdb-test-", dir="/tmp"))
        return cls(root, embedded.start(root / "pgdata"))

    def stop(self) -> None:
        embedded.stop(self.root / "pgdata")
        shutil.rmtree(self.root, ignore_errors=True)


def unique_name(prefix: str) -> str:
    """A database name no other run uses."""
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def build_template(server_url: str, project: Project, name: str | None = None) -> str:
    """Create a database, migrate it to head, mark it as a template; return its name."""
    name = name or unique_name("mashdb_template")
    url = db.create_database(server_url, name)
    engine.migrate(Target(url, "test"), project)
    with db.connect(server_url) as conn:
        conn.execute(f'alter database "{name}" with is_template true')
    return name


def clone(server_url: str, template: str, name: str | None = None) -> str:
    """A new database copied from `template` (file-level copy, no re-migration); its URL."""
    return db.create_database(server_url, name or unique_name("mashdb_test"), template=template)


def drop_template(server_url: str, name: str) -> None:
    """Unmark and drop a template database."""
    with db.connect(server_url) as conn:
        conn.execute(f'alter database "{name}" with is_template false')
    db.drop_database(server_url, name)
