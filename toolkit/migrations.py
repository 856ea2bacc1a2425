"""Versioned migrations: discovery and validation (never connects).

Listing, `.rollback.sql` pairing and the `-- depends:` / `-- transactional:` directives are
yoyo-migrations' (`yoyo.read_migrations`); mashdb adds what yoyo leaves open: a strict
`NNNN_name` naming scheme, mandatory rollback files, unique numbers, statements split by
PostgreSQL's parser with line numbers, and a content checksum for drift detection (yoyo's
own hash covers the migration id only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from toolkit import yoyo_compat
from toolkit.errors import ProjectError, UsageError
from toolkit.project import Project
from toolkit.sqlfile import SqlFile, read_sql_file

NAME = re.compile(r"^(\d{4})_([a-z0-9]+(?:_[a-z0-9]+)*)$")


@dataclass(frozen=True)
class Migration:
    """One versioned migration and its rollback."""

    id: str  # "0002_mashups", the yoyo migration id
    number: int
    apply: SqlFile
    rollback: SqlFile
    transactional: bool
    depends: tuple[str, ...]

    @property
    def checksum(self) -> str:
        """Checksum of the apply file: what decides the schema it produced."""
        return self.apply.checksum


@dataclass(frozen=True)
class InvalidMigration:
    """A migration whose files cannot be used, and why (one line naming file:line)."""

    id: str  # the file's stem, e.g. "0025_playlists"
    problem: str


def load_migrations(project: Project) -> tuple[Migration, ...]:
    """All migrations of `project`, validated, in apply order; the first problem raises."""
    migrations, invalid = scan_migrations(project)
    if invalid:
        raise ProjectError(invalid[0].problem)
    return migrations


def scan_migrations(project: Project) -> tuple[tuple[Migration, ...], tuple[InvalidMigration, ...]]:
    """The valid migrations of `project` in apply order, and each unusable one with its
    problem, so a read-only report can show a bad file and still report the rest."""
    folder = project.migrations_dir
    if not folder.is_dir():
        raise ProjectError(f"{project.relative(folder)}: folder not found")
    found = yoyo_compat.read_folder(folder)
    problems = _check_names(project, folder)
    migrations = []
    for m in found:
        if m.id in problems:
            continue
        try:
            migrations.append(_load_one(project, m))
        except ProjectError as exc:
            problems[m.id] = str(exc)
    migrations.sort(key=lambda m: m.number)
    known = {m.id for m in migrations} | set(problems)
    for m in migrations:
        for dep in m.depends:
            if dep not in known:
                problems[m.id] = f"{m.apply.name}: depends on unknown migration {dep!r}"
            elif dep >= m.id:
                problems[m.id] = f"{m.apply.name}: depends on later migration {dep!r}"
    valid = tuple(m for m in migrations if m.id not in problems)
    return valid, tuple(InvalidMigration(i, problems[i]) for i in sorted(problems))


def _check_names(project: Project, folder: Path) -> dict[str, str]:
    problems: dict[str, str] = {}
    numbers: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        shown = project.relative(path)
        if path.name.startswith(".") or path.is_dir():
            continue
        stem = path.name.removesuffix(".rollback.sql").removesuffix(".sql")
        if path.suffix != ".sql":
            problems[path.name] = f"{shown}: not a .sql file (migrations are NNNN_name.sql)"
            continue
        match = NAME.match(stem)
        if not match:
            problems[stem] = (
                f"{shown}: malformed migration name; expected NNNN_lower_snake_name.sql"
            )
            continue
        if path.name.endswith(".rollback.sql"):
            if not (folder / f"{stem}.sql").exists():
                problems[stem] = f"{shown}: rollback file without its migration {stem}.sql"
            continue
        number = match.group(1)
        if number in numbers:
            problems[stem] = (
                f"{shown}: duplicate migration number {number} (also {numbers[number]})"
            )
            continue
        numbers[number] = shown
        if not (folder / f"{stem}.rollback.sql").exists():
            problems[stem] = (
                f"{shown}: has no rollback file {stem}.rollback.sql (rollbacks are mandatory)"
            )
    return problems


def _load_one(project: Project, found: yoyo_compat.Found) -> Migration:
    path, mid = found.path, found.id
    apply = read_sql_file(path, project.relative(path)).checked()
    rollback_path = path.with_name(f"{mid}.rollback.sql")
    rollback = read_sql_file(rollback_path, project.relative(rollback_path)).checked()
    transactional = apply.transactional
    if transactional is None:
        raise ProjectError(f"{apply.name}: '-- transactional:' must be true or false")
    if not apply.statements:
        raise ProjectError(f"{apply.name}: empty migration (no SQL statements)")
    if not rollback.statements:
        raise ProjectError(
            f"{rollback.name}: rollback without SQL statements (only comments); write the "
            "statements that undo the migration"
        )
    for sql_file in (apply, rollback):
        _check_no_transaction_control(sql_file)
    return Migration(
        id=mid,
        number=int(mid[:4]),
        apply=apply,
        rollback=rollback,
        transactional=transactional,
        depends=apply.directive("depends"),
    )


def _check_no_transaction_control(sql_file: SqlFile) -> None:
    for stmt in sql_file.statements:
        if stmt.kind == "TransactionStmt":
            raise ProjectError(
                f"{sql_file.name}:{stmt.line}: contains {stmt.text.split()[0].upper()}: "
                "a migration must not manage its own transaction (mashdb runs each migration "
                "and its bookkeeping in one transaction; use '-- transactional: false' for "
                "statements that cannot run inside one)"
            )


def find_version(migrations: tuple[Migration, ...], version: str) -> Migration:
    """Resolve `--to` values: a full id (0003_x), a number (0003 or 3)."""
    for m in migrations:
        if version == m.id or (version.isdigit() and int(version) == m.number):
            return m
    known = ", ".join(m.id for m in migrations) or "none"
    raise UsageError(f"unknown version {version!r}; known migrations: {known}")
