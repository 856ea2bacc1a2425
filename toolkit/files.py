"""A project's SQL files, read and validated for one command (never connects)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from toolkit.migrations import InvalidMigration, Migration, load_migrations, scan_migrations
from toolkit.project import Project
from toolkit.repeatables import Repeatable, load_repeatables
from toolkit.sqlfile import SqlFile, read_sql_file


@dataclass(frozen=True)
class ProjectFiles:
    """Everything read from disk for one command."""

    bootstrap: tuple[SqlFile, ...]
    migrations: tuple[Migration, ...]
    repeatables: tuple[Repeatable, ...]
    invalid: tuple[InvalidMigration, ...] = ()  # only when loaded for a read-only report

    @property
    def bootstrap_checksum(self) -> str:
        digest = hashlib.sha256()
        for f in self.bootstrap:
            digest.update(f"{f.name}:{f.checksum}\n".encode())
        return digest.hexdigest()


def load_files(project: Project, *, report_invalid: bool = False) -> ProjectFiles:
    """Read and validate every SQL file of the project. With `report_invalid`, unusable
    migration files are returned in `invalid` instead of raising (for `status`)."""
    if report_invalid:
        migrations, invalid = scan_migrations(project)
    else:
        migrations, invalid = load_migrations(project), ()
    boot_dir = project.bootstrap_dir
    boot_paths = sorted(boot_dir.glob("*.sql")) if boot_dir.is_dir() else []
    bootstrap = tuple(read_sql_file(p, project.relative(p)).checked() for p in boot_paths)
    return ProjectFiles(bootstrap, migrations, load_repeatables(project, migrations), invalid)
