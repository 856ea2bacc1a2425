"""The probe world and per-table probe rows: a project's data, read from its files.

The world is a SQL file run as the database owner in file order; `-- @name` before a
statement names the one row it returns, and `{name}` anywhere later is that value as
a SQL literal. Per table, the probe file lists which world rows SELECT / UPDATE /
DELETE are tried on (by the key the world statement returned), what UPDATE sets, and
the rows INSERT tries to create — each with its labels: how the row relates to the
world's users (a relation naming users, such as owner or members, or a flag such as
published). The matrix's outcome words are predicates over these labels.

Nothing here knows a schema: the rows, tables and relations are the project's.
"""

from __future__ import annotations

import re
import tomllib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from toolkit.errors import ProjectError
from toolkit.sqlfile import split_statements

REF = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
ME = "me"
_MASK = re.compile(r"__rls_ref_([a-z0-9_]+?)__")
_LABEL = re.compile(r"^\s*--\s*@([a-z_][a-z0-9_]*)\s*$")


class ProbeError(ProjectError):
    """A world or probe file is malformed or names something unknown."""


@dataclass(frozen=True)
class Labels:
    """How a probe row relates to the world's users: relation -> user labels, or flags."""

    users: tuple[tuple[str, frozenset[str]], ...] = ()
    flags: frozenset[str] = frozenset()

    def holds(self, relation: str, user: str | None) -> bool:
        """Does `relation` hold for `user` (None: a persona without a user)?"""
        if relation in self.flags:
            return True
        return user is not None and user in dict(self.users).get(relation, frozenset())

    def relations(self) -> frozenset[str]:
        return frozenset(r for r, _ in self.users) | self.flags

    def for_user(self, user: str | None) -> Labels:
        """`me` replaced by `user` (a persona's own row)."""
        return Labels(
            tuple((r, frozenset(user if u == ME else u for u in us)) for r, us in self.users),
            self.flags,
        )


@dataclass(frozen=True)
class Statement:
    """One statement of a world (or setup) file; `label` names the row it returns."""

    text: str
    line: int
    label: str | None = None


@dataclass(frozen=True)
class Target:
    """An existing world row a SELECT/UPDATE/DELETE is tried on, by its key."""

    row: str
    labels: Labels


@dataclass(frozen=True)
class Candidate:
    """A row an INSERT tries to create (`values`: column -> SQL with `{refs}`)."""

    name: str
    values: Mapping[str, str]
    labels: Labels
    personas: tuple[str, ...] | None = None  # who tries it (None: see `mine`)
    setup: tuple[Statement, ...] = ()

    @property
    def mine(self) -> bool:
        """Mentions `me`: tried by signed-in personas only, as their own row."""
        refs = (m.group(1) for v in self.values.values() for m in REF.finditer(v))
        in_labels = any(ME in us for _, us in self.labels.users)
        return in_labels or any(r == ME or r.startswith(ME + "_") for r in refs)


@dataclass(frozen=True)
class TableProbe:
    table: str  # schema.table
    targets: tuple[Target, ...]
    inserts: tuple[Candidate, ...]
    update: tuple[str, str]  # column, SQL value expression

    def candidates(self, persona: str, user: str | None) -> list[tuple[Candidate, Labels]]:
        """The insert candidates `persona` (whose world user is `user`) tries."""
        out = []
        for cand in self.inserts:
            if cand.personas is not None and persona not in cand.personas:
                continue
            if cand.mine and user is None:
                continue
            out.append((cand, cand.labels.for_user(user)))
        return out


@dataclass
class Universe:
    """What building the world returned: `ids` (label -> value), `keys` (label -> row key)."""

    ids: dict[str, Any] = field(default_factory=dict)
    keys: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.ids[name]


# ---------------------------------------------------------------------------------------
# reading the files


def parse_statements(text: str, name: str) -> tuple[Statement, ...]:
    """Split world-syntax SQL into statements with their `-- @label`s."""
    masked = REF.sub(lambda m: f"__rls_ref_{m.group(1)}__", text)
    lines = text.splitlines()
    out = []
    for stmt in split_statements(masked, name):
        labels = []
        i = stmt.line - 2
        while i >= 0 and lines[i].lstrip().startswith("--"):
            found = _LABEL.match(lines[i])
            if found:
                labels.append(found.group(1))
            i -= 1
        if len(labels) > 1:
            raise ProbeError(f"{name}:{stmt.line}: one statement, several labels {labels}")
        body = _MASK.sub(lambda m: "{" + m.group(1) + "}", stmt.text)
        out.append(Statement(body, stmt.line, labels[0] if labels else None))
    return tuple(out)


def load_world(path: Path) -> tuple[Statement, ...]:
    """Read the world file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProbeError(f"cannot read the probe world {path}: {exc}") from exc
    world = parse_statements(text, str(path))
    seen: set[str] = set()
    for s in world:
        if s.label in seen:
            raise ProbeError(f"{path}:{s.line}: label @{s.label} is used twice")
        if s.label:
            seen.add(s.label)
    return world


def _labels(where: str, raw: Mapping[str, Any], reserved: set[str]) -> Labels:
    users: list[tuple[str, frozenset[str]]] = []
    flags = set()
    for key, value in raw.items():
        if key in reserved:
            continue
        if value is True:
            flags.add(key)
        elif value is False:
            continue
        elif isinstance(value, str):
            users.append((key, frozenset({value})))
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            users.append((key, frozenset(value)))
        else:
            raise ProbeError(
                f"{where}: label {key} = {value!r}: use a user label, a list of them, or true"
            )
    return Labels(tuple(users), frozenset(flags))


def _table_probe(path: str, qualified: str, raw: Mapping[str, Any]) -> TableProbe:
    where = f"{path}: [tables.{qualified.removeprefix('public.')}]"
    extra = set(raw) - {"rows", "update", "insert"}
    if extra:
        raise ProbeError(f"{where} unknown key(s) {sorted(extra)}; allowed: insert, rows, update")
    targets = []
    for i, row in enumerate(raw.get("rows", [])):
        if not isinstance(row, Mapping) or not isinstance(row.get("row"), str):
            raise ProbeError(f'{where} rows[{i}]: expected {{ row = "<world label>", ... }}')
        targets.append(Target(row["row"], _labels(f"{where} rows[{i}]", row, {"row"})))
    update = raw.get("update")
    if not isinstance(update, Mapping) or set(update) != {"column", "value"}:
        raise ProbeError(f'{where} needs update = {{ column = "...", value = "<SQL>" }}')
    inserts = []
    for i, cand in enumerate(raw.get("insert", [])):
        cw = f"{where} insert[{i}]"
        values = cand.get("values") if isinstance(cand, Mapping) else None
        if not isinstance(cand.get("name"), str) or not isinstance(values, Mapping):
            raise ProbeError(f'{cw}: expected {{ name = "...", values = {{ column = "<SQL>" }} }}')
        if not all(isinstance(v, str) for v in values.values()):
            raise ProbeError(f"{cw}: every value is a SQL expression in a string")
        who = cand.get("for")
        setup = cand.get("setup", "")
        inserts.append(
            Candidate(
                cand["name"],
                dict(values),
                _labels(cw, cand, {"name", "values", "for", "setup"}),
                tuple(who) if who is not None else None,
                parse_statements(setup, cw) if setup else (),
            )
        )
    return TableProbe(
        qualified,
        tuple(targets),
        tuple(inserts),
        (str(update["column"]), str(update["value"])),
    )


def load_probes(path: Path, qualify: Any) -> dict[str, TableProbe]:
    """Read the probe file: `[tables.<table>]` sections, keyed by qualified table name."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProbeError(f"cannot read the probe rows {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ProbeError(f"{path}: {exc}") from exc
    if set(raw) - {"tables"}:
        raise ProbeError(f"{path}: unknown top-level key(s) {sorted(set(raw) - {'tables'})}")
    out = {}
    for key, body in (raw.get("tables") or {}).items():
        probe = _table_probe(str(path), qualify(key), body)
        out[probe.table] = probe
    return out


# ---------------------------------------------------------------------------------------
# building the world (as the connection's own role, inside a transaction)


def literal(value: Any) -> str:
    """A world value as a SQL literal."""
    if isinstance(value, uuid.UUID):
        return f"'{value}'::uuid"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def substitute(text: str, u: Universe) -> str:
    """Replace `{name}` with the universe's value of that name as a SQL literal."""

    def lit(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in u.ids:
            if name in u.keys:
                raise KeyError(f"{{{name}}} returned several columns; it is a probe row only")
            raise KeyError(f"unknown probe object {{{name}}}; known: {', '.join(sorted(u.ids))}")
        return literal(u.ids[name])

    return REF.sub(lit, text)


def run_statements(
    conn: psycopg.Connection, statements: tuple[Statement, ...], u: Universe
) -> None:
    """Run world-syntax statements in order, recording each labelled row in `u`."""
    for s in statements:
        cur = conn.execute(substitute(s.text, u))
        if s.label is None:
            continue
        rows = cur.fetchall() if cur.description is not None else []
        if len(rows) != 1:
            raise ProbeError(
                f"world row @{s.label} (line {s.line}): expected 1 row, got {len(rows)}"
            )
        assert cur.description is not None
        u.keys[s.label] = {col.name: v for col, v in zip(cur.description, rows[0], strict=True)}
        if len(rows[0]) == 1:
            u.ids[s.label] = rows[0][0]


def build_universe(conn: psycopg.Connection, world: tuple[Statement, ...]) -> Universe:
    """Create the probe world as the connection's own role (call inside a transaction)."""
    u = Universe()
    run_statements(conn, world, u)
    return u


def own_refs(text: str, user: str | None) -> str:
    """`{me}` / `{me_x}` in a candidate's SQL -> `{<user>}` / `{<user>_x}`."""
    if user is None:
        return text

    def own(m: re.Match[str]) -> str:
        name = m.group(1)
        if name == ME or name.startswith(ME + "_"):
            name = user + name[len(ME) :]
        return "{" + name + "}"

    return REF.sub(own, text)
