"""A static model of the database the ``sql/`` tree builds, from parsing its files with pglast.

Nothing here connects to a database. Files are replayed in the order ``migrate``
applies them (``bootstrap/`` by name, ``migrations/`` by version, ``functions/``,
then ``policies/``; any other file last, in the order given) so cross-file rules
see the *resulting* state: a table dropped by a later migration is gone, and a
policy file ``sql/policies/<table>.sql`` *replaces* every policy of the tables it
names (as ``migrate`` does). Rollback files (``*.rollback.sql``) describe the way
back, not the head state, and are not replayed.

The model is frozen (tuples of the frozen records defined here); the replay
(:class:`toolkit.lint.replay.ModelBuilder`) holds the mutable state and freezes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from toolkit.security import ProjectConfig

Key = tuple[str, str]
KIND_ORDER = {"bootstrap": 0, "migrations": 1, "functions": 2, "policies": 3, "other": 4}


@dataclass(frozen=True)
class Location:
    """Where an object is defined: display path and 1-based line."""

    path: str
    line: int


@dataclass(frozen=True)
class Table:
    """A table and its row level security switches."""

    key: Key
    location: Location
    columns: tuple[str, ...] = ()
    rls_enabled: bool = False
    rls_forced: bool = False


@dataclass(frozen=True)
class Index:
    """An index, or a primary-key / unique constraint (which is backed by one).

    ``columns`` holds ``None`` for an expression element.
    """

    name: str
    table: Key
    columns: tuple[str | None, ...]
    location: Location
    unique: bool = False
    partial: bool = False


@dataclass(frozen=True)
class ForeignKey:
    """A foreign key from ``table(columns)`` to ``ref_table``."""

    name: str
    table: Key
    columns: tuple[str, ...]
    ref_table: Key
    location: Location


@dataclass(frozen=True)
class Policy:
    """A row level security policy. ``roles`` is ``('public',)`` when no ``to`` was given."""

    name: str
    table: Key
    command: str
    permissive: bool
    roles: tuple[str, ...]
    using: Any
    with_check: Any
    location: Location


@dataclass(frozen=True)
class Function:
    """A function or procedure: its security mode and pinned ``search_path`` (if any)."""

    key: Key
    signature: str
    security_definer: bool
    search_path: str | None
    location: Location
    is_procedure: bool = False


@dataclass(frozen=True)
class View:
    """A (non-materialised) view and whether it runs with the caller's rights."""

    key: Key
    security_invoker: bool
    location: Location


@dataclass(frozen=True)
class Grant:
    """A ``grant`` of table privileges. ``privileges`` is ``('all',)`` for ``all``."""

    objects: tuple[Key, ...]
    privileges: tuple[str, ...]
    grantees: tuple[str, ...]
    location: Location


@dataclass(frozen=True)
class TablePrivilege:
    """A privilege a role holds on a table at head, and the statement it came from:
    a ``grant`` or, with ``default``, the ``alter default privileges`` in force when
    the table was created (Supabase grants ``all`` on new tables in ``public`` that way)."""

    table: Key
    role: str
    privilege: str
    origin: Location
    default: bool = False


@dataclass(frozen=True)
class ParseFailure:
    """A file pglast could not parse (the model then lacks that file's objects)."""

    location: Location
    message: str


@dataclass(frozen=True)
class Model:
    """The head state of the schema as the replayed files leave it."""

    tables: tuple[Table, ...] = ()
    indexes: tuple[Index, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    policies: tuple[Policy, ...] = ()
    functions: tuple[Function, ...] = ()
    views: tuple[View, ...] = ()
    grants: tuple[Grant, ...] = ()
    privileges: tuple[TablePrivilege, ...] = ()
    parse_failures: tuple[ParseFailure, ...] = ()
    project: ProjectConfig = field(default_factory=ProjectConfig)

    def table(self, key: Key) -> Table | None:
        """The table ``key`` or ``None``."""
        return next((t for t in self.tables if t.key == key), None)

    def policies_on(self, key: Key) -> tuple[Policy, ...]:
        """Policies of one table, in definition order."""
        return tuple(p for p in self.policies if p.table == key)

    def indexes_on(self, key: Key) -> tuple[Index, ...]:
        """Indexes (and PK / unique constraints) of one table."""
        return tuple(i for i in self.indexes if i.table == key)

    def is_exposed(self, key: Key) -> bool:
        """Whether the object's schema is exposed through the API (PostgREST / GraphQL)."""
        return self.project.is_exposed(key[0])


@cache
def file_kind(path: Path, sql_root: Path) -> str:
    """``bootstrap`` / ``migrations`` / ``functions`` / ``policies`` / ``other`` by location."""
    try:
        parts = path.resolve().relative_to(sql_root.resolve()).parts
    except ValueError:
        return "other"
    return parts[0] if len(parts) > 1 and parts[0] in KIND_ORDER else "other"


def is_rollback(path: Path) -> bool:
    """Whether ``path`` is a yoyo rollback file (``NNNN_name.rollback.sql``)."""
    return path.name.endswith(".rollback.sql")
