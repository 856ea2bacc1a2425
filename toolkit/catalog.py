"""Catalog snapshots: one comparable structure of a database's schema and who may do what.

Each object kind is read by one SQL file in `toolkit/queries/catalog/` (runnable as-is in psql),
keyed by a stable name (`schema.table.policy`, `schema.fn(args)`). Entries are frozen
dataclasses with generated equality, so two snapshots compare with `==` and `differences()`
is plain set arithmetic over keys (the shape of migra's `differences`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg.rows import dict_row

from toolkit import queries

KINDS = (
    "extensions",
    "tables",
    "columns",
    "constraints",
    "indexes",
    "functions",
    "triggers",
    "policies",
    "grants",
    "default_privileges",
    "comments",
)


@dataclass(frozen=True)
class Entry:
    """One catalog object: its key and its attributes as sorted (name, value) pairs."""

    key: str
    attrs: tuple[tuple[str, Any], ...] = ()

    def get(self, name: str) -> Any:
        return dict(self.attrs).get(name)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.attrs)


@dataclass(frozen=True)
class Snapshot:
    """Every kind in KINDS mapped to {key: Entry}."""

    objects: dict[str, dict[str, Entry]] = field(default_factory=dict)

    def kind(self, name: str) -> dict[str, Entry]:
        return self.objects.get(name, {})


@dataclass(frozen=True)
class Change:
    """One difference between two snapshots."""

    kind: str
    key: str
    change: str  # added | removed | changed
    before: Entry | None
    after: Entry | None

    @property
    def changed_fields(self) -> tuple[str, ...]:
        if self.before is None or self.after is None:
            return ()
        a, b = self.before.as_dict(), self.after.as_dict()
        return tuple(sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k)))


def _query(kind: str) -> str:
    return queries.load(f"catalog/{kind}")


def snapshot(conn: psycopg.Connection) -> Snapshot:
    """Read every object kind of the database `conn` is connected to."""
    objects: dict[str, dict[str, Entry]] = {}
    with conn.cursor(row_factory=dict_row) as cur:
        for kind in KINDS:
            entries = {}
            for row in cur.execute(_query(kind)):
                key = row.pop("key")
                entries[key] = Entry(key, tuple(sorted(row.items())))
            objects[kind] = entries
    return Snapshot(objects)


def differences(a: Snapshot, b: Snapshot) -> list[Change]:
    """Added, removed and changed entries from `a` to `b`, by kind then key."""
    changes: list[Change] = []
    for kind in KINDS:
        before, after = a.kind(kind), b.kind(kind)
        for key in sorted(before.keys() - after.keys()):
            changes.append(Change(kind, key, "removed", before[key], None))
        for key in sorted(after.keys() - before.keys()):
            changes.append(Change(kind, key, "added", None, after[key]))
        for key in sorted(before.keys() & after.keys()):
            if before[key] != after[key]:
                changes.append(Change(kind, key, "changed", before[key], after[key]))
    return changes
