"""Throwaway servers and databases for test suites: one migrated template, cheap clones.

Used by mashdb's pytest plugin (and so by any project using mashdb) and by the benchmarks.
"""

from __future__ import annotations

import os
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
    def start(cls, base: str | None = None, superuser: str = "postgres") -> ThrowawayServer:
        """Start in a new directory under `base` (default: RAM-backed /dev/shm when it is
        writable, else /tmp), initialised with `superuser` as its bootstrap superuser.
        tmpfs makes CREATE DATABASE, which creates a file per relation fork (~1000 for the
        template), several times faster than a VM's disk (docs/performance.md, benchmark 2);
        both keep the Unix socket path short."""
        root = Path(tempfile.mkdtemp(prefix="mashdb-test-", dir=base or default_base()))
        try:
            return cls(root, embedded.start(root / "pgdata", superuser))
        except BaseException:
            shutil.rmtree(root, ignore_errors=True)
            raise

    def stop(self) -> None:
        embedded.stop(self.root / "pgdata")
        shutil.rmtree(self.root, ignore_errors=True)


def default_base() -> str:
    """Where throwaway servers live: /dev/shm when writable, else /tmp."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK) else "/tmp"


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
    """A new database copied from `template` (no re-migration); its URL.

    The default WAL_LOG strategy: FILE_COPY is no faster on tmpfs and several times slower
    on disk, where its two checkpoints cost more than the copy (docs/performance.md)."""
    return db.create_database(server_url, name or unique_name("mashdb_test"), template=template)


def drop_template(server_url: str, name: str) -> None:
    """Unmark and drop a template database."""
    with db.connect(server_url) as conn:
        conn.execute(f'alter database "{name}" with is_template false')
    db.drop_database(server_url, name)
