"""Drafts for tables the probe files do not cover: world rows, probe rows and a matrix entry.

For each table, rows are made from the catalog: one for the first signed-in persona's user
and one for a user no persona is (when the table has a column referencing users), with
every required column given a value of its type and foreign keys pointing at world rows
(the rows of an earlier draft included, so two new tables that reference each other
draft together). The rows' labels say whose they are and inherit the labels of the rows
they reference. The table's commands are then executed as every persona on those rows,
and the matrix entry is what happened — ready to paste, and then to correct where the
database does something the table should not allow.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql

from toolkit import queries
from toolkit.rls import probes
from toolkit.rls.executed import Cell, Prober
from toolkit.rls.matrix import COMMANDS, Matrix
from toolkit.rls.probes import Candidate, Labels, Statement, TableProbe, Target, Universe

USERS_TABLE = "auth.users.id"  # the Supabase contract: a JWT subject is an auth.users row


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    category: str  # pg_type.typcategory: S string, N numeric, B boolean, D date/time, ...
    required: bool
    generated: bool
    in_key: bool
    first_label: str | None
    refs: str | None  # schema.table.column of a single-column foreign key


@dataclass
class Draft:
    """What to paste into the world, probe and matrix files for one table."""

    table: str
    world: list[str] = field(default_factory=list)
    probes: str = ""
    matrix: str = ""
    problems: list[str] = field(default_factory=list)

    def text(self, matrix: Matrix) -> str:
        """The draft as one block, each part under the file it belongs to."""
        parts = [f"# {matrix.world_path} (append)", *self.world]
        parts += [f"# {matrix.probes_path} (append)", self.probes]
        parts += [f"# {matrix.path} (append; check each cell, then describe `about`)", self.matrix]
        parts += [f"# problem: {p}" for p in self.problems]
        return "\n".join(parts)


def value_for(col: Column, n: int) -> str:
    """A SQL value of the column's type (`n` keeps rows distinct for unique constraints)."""
    if col.first_label is not None:
        return probes.literal(col.first_label)
    base = col.type.split("(")[0]
    if col.category == "S":
        return f"'probe {n}'"
    if col.category == "N":
        return str(n)
    if col.category == "B":
        return "false"
    if col.category == "A":
        return "'{}'"
    if base == "uuid":
        return "gen_random_uuid()"
    if base in ("json", "jsonb"):
        return f"'{{}}'::{base}"
    if base == "date":
        return "current_date"
    if col.category == "D":
        return "now()"
    if col.category == "T":
        return "interval '1 minute'"
    return "null"


def _update_value(col: Column) -> str:
    if col.category == "S" and col.first_label is None:
        return "'rls probe'"
    if col.category == "N":
        return "2"
    if col.category == "B":
        return "true"
    if col.category == "D" and col.type.split("(")[0] != "date":
        return "now() - interval '1 minute'"
    return col.name  # the column's own value: still an UPDATE the policies must allow


def _toml(value: Any) -> str:
    if value is True:
        return "true"
    if isinstance(value, list | tuple | frozenset):
        return "[" + ", ".join(_toml(v) for v in sorted(value)) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _inline(pairs: Iterable[tuple[str, Any]]) -> str:
    return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in pairs) + " }"


def _label_pairs(labels: Labels) -> list[tuple[str, Any]]:
    users = [(r, next(iter(us)) if len(us) == 1 else us) for r, us in labels.users]
    return users + [(f, True) for f in sorted(labels.flags)]


class Drafter:
    """Drafts tables on one connection whose universe (the world) is already built."""

    def __init__(self, conn: psycopg.Connection, matrix: Matrix, universe: Universe) -> None:
        self.conn = conn
        self.matrix = matrix
        self.u = universe
        self.labels: dict[str, Labels] = {
            t.row: t.labels for p in matrix.probes.values() for t in p.targets
        }
        scalar: dict[uuid.UUID, str] = {}
        for k, v in universe.ids.items():
            if isinstance(v, uuid.UUID):
                scalar.setdefault(v, k)  # the first label of a value names it
        found = conn.execute(
            "select id from auth.users where id = any(%s)", (list(scalar),)
        ).fetchall()
        ids = {r[0] for r in found}
        users = [k for v, k in scalar.items() if v in ids]
        personal = [p.user for p in matrix.vocabulary.personas.values() if p.user]
        others = [u for u in users if u not in personal] or personal
        self.mine = personal[0] if personal else None
        self.foreign, self.spare = others[0] if others else None, others[-1] if others else None
        self.user_relation = _user_relation(matrix)

    def columns(self, table: str) -> list[Column]:
        return [
            Column(*r) for r in self.conn.execute(queries.load("rls/columns"), {"table": table})
        ]

    def _is_user_ref(self, refs: str | None) -> bool:
        if refs is None or self.mine is None:
            return False
        if refs == USERS_TABLE:
            return True
        return bool(self._rows_of(refs, [self.mine]))

    def _rows_of(self, refs: str, labels: Iterable[str]) -> list[str]:
        """Which of these world labels are rows of `refs` (schema.table.column)?"""
        schema, table, column = refs.split(".")
        values = {str(self.u.ids[label]): label for label in labels if label in self.u.ids}
        if not values:
            return []
        q = sql.SQL("select {c}::text from {s}.{t} where {c}::text = any(%s)").format(
            c=sql.Identifier(column), s=sql.Identifier(schema), t=sql.Identifier(table)
        )
        found = {r[0] for r in self.conn.execute(q, (list(values),))}
        return [label for v, label in values.items() if v in found]

    def _pick(self, refs: str, user: str | None, k: int) -> str | None:
        """A world row of `refs` for `user`'s row: one of theirs when there is one (the
        k-th, round robin: candidates take the second, so they do not collide with rows)."""
        rows = self._rows_of(refs, self.u.ids)
        theirs = [
            r
            for r in rows
            if user is not None and self.labels.get(r, Labels()).holds(self.user_relation, user)
        ]
        choice = theirs or rows
        return choice[k % len(choice)] if choice else None

    def draft(self, table: str, prober: Prober) -> Draft:
        """Draft `table` (schema.table): world rows, probe rows, and the executed entry."""
        d = Draft(table)
        cols = [c for c in self.columns(table) if not c.generated]
        user_col = next((c for c in cols if self._is_user_ref(c.refs)), None)
        linked = user_col is not None or any(c.refs and c.required for c in cols)
        owners = [self.mine, self.foreign] if linked else [None]
        key = [c.name for c in cols if c.in_key] or [c.name for c in cols if c.required]
        short = table.removeprefix("public.")
        targets: list[Target] = []
        for n, owner in enumerate(owners, 1):
            values, labels = self._values(cols, user_col, owner, n, "{" + str(owner) + "}")
            label = f"{short.replace('.', '_')}_{owner or 'row'}"
            text = (
                f"insert into {table} ({', '.join(values)})\n"
                f"values ({', '.join(values.values())})\nreturning {', '.join(key)};"
            )
            statement = Statement(text.rstrip(";"), 0, label)
            try:
                with self.conn.transaction():
                    probes.run_statements(self.conn, (statement,), self.u)
            except (psycopg.Error, probes.ProbeError) as exc:
                d.problems.append(f"the draft row @{label} was refused: {_reason(exc)}")
                continue
            d.world.append(f"-- @{label}\n{text}\n")
            targets.append(Target(label, labels))
            self.labels[label] = labels
        inserts = self._candidates(cols, user_col, len(owners))
        plain = [c for c in cols if not c.in_key and not c.refs]
        update = next((c for c in plain if _update_value(c) != c.name), None)
        # else a column set to itself (never a key: the row must stay findable by it)
        fallback = next((c for c in cols if not c.in_key), cols[0]).name
        change = (update.name, _update_value(update)) if update else (fallback, fallback)
        probe = TableProbe(table, tuple(targets), tuple(inserts), change)
        d.probes = self._probe_toml(probe)
        cells, _ = prober.table_cells(probe)
        d.matrix = matrix_entry(table, cells, self.matrix)
        return d

    def _values(
        self,
        cols: list[Column],
        user_col: Column | None,
        owner: str | None,
        n: int,
        me: str,
        k: int = 0,
    ) -> tuple[dict[str, str], Labels]:
        values: dict[str, str] = {}
        users: dict[str, set[str]] = {}
        flags: set[str] = set()
        if user_col is not None and owner is not None:
            users[self.user_relation] = {owner}
        for c in cols:
            if user_col is not None and c.name == user_col.name:
                values[c.name] = me
            elif c.refs and c.required:
                row = self._pick(c.refs, owner, k)
                values[c.name] = "{" + row + "}" if row else value_for(c, n)
                if user_col is None and not users and not flags and row in self.labels:
                    # a row without a user column is whatever the row it hangs off is
                    users = {r: set(us) for r, us in self.labels[row].users}
                    flags = set(self.labels[row].flags)
            elif c.required:
                values[c.name] = value_for(c, n)
        return values, Labels(
            tuple((r, frozenset(us)) for r, us in users.items()), frozenset(flags)
        )

    def _candidates(self, cols: list[Column], user_col: Column | None, n: int) -> list[Candidate]:
        if user_col is None:
            values, labels = self._values(cols, None, self.mine, n + 1, "", 1)
            return [Candidate("new", values, labels)]
        own_values, mine = self._values(cols, user_col, self.mine, n + 1, "{me}", 1)
        own_labels = Labels(
            tuple(
                (r, frozenset({probes.ME}) if r == self.user_relation else us)
                for r, us in mine.users
            ),
            mine.flags,
        )
        spare = str(self.spare)
        foreign_values, foreign_labels = self._values(
            cols, user_col, spare, n + 2, "{" + spare + "}", 1
        )
        return [
            Candidate("own", own_values, own_labels),
            Candidate("foreign", foreign_values, foreign_labels),
        ]

    def _probe_toml(self, probe: TableProbe) -> str:
        lines = [f"[tables.{probe.table.removeprefix('public.')}]", "rows = ["]
        for t in probe.targets:
            lines.append(f"  {_inline([('row', t.row), *_label_pairs(t.labels)])},")
        lines.append("]")
        lines.append(
            f"update = {_inline([('column', probe.update[0]), ('value', probe.update[1])])}"
        )
        lines.append("insert = [")
        for c in probe.inserts:
            parts = [f"name = {_toml(c.name)}", f"values = {_inline(c.values.items())}"]
            parts += [f"{k} = {_toml(v)}" for k, v in _label_pairs(c.labels)]
            lines.append("  { " + ", ".join(parts) + " },")
        lines.append("]")
        return "\n".join(lines) + "\n"


def matrix_entry(table: str, cells: dict[tuple[str, str, str], Cell], matrix: Matrix) -> str:
    """A matrix entry whose every cell is what was executed (`about` kept or a TODO)."""
    entry = matrix.tables.get(table)
    about = entry.about if entry else "TODO: what the table holds; whose rows are whose"
    lines = [f"[tables.{table.removeprefix('public.')}]", f"about = {_toml(about)}"]
    for command in COMMANDS:
        row = [
            (p, cells[(table, command, p)].outcome)
            for p in matrix.personas
            if (table, command, p) in cells
        ]
        lines.append(f"{command:<8} = {_inline(row)}")
    return "\n".join(lines) + "\n"


def _user_relation(matrix: Matrix) -> str:
    """The relation naming whose a row is: that of the first declared word made of one
    relation the probe rows give users (`own rows` = owner), else the most used one."""
    used = [r for p in matrix.probes.values() for t in p.targets for r, _ in t.labels.users]
    for word in matrix.vocabulary.words.values():
        if len(word.rows) == 1 and word.rows[0] in used:
            return word.rows[0]
    return max(set(used), key=used.count) if used else "owner"


def _reason(exc: Exception) -> str:
    diag = getattr(exc, "diag", None)
    text = (diag.message_primary if diag else None) or str(exc)
    return text.splitlines()[0]


def draft_tables(prober: Prober, tables: Iterable[str]) -> dict[str, Draft]:
    """Drafts for `tables`, referenced tables first; `prober` has built its universe."""
    assert prober.universe is not None
    drafter = Drafter(prober.conn, prober.matrix, prober.universe)
    pending = list(tables)
    deps = {
        t: {c.refs.rsplit(".", 1)[0] for c in drafter.columns(t) if c.refs} & set(pending)
        for t in pending
    }
    out: dict[str, Draft] = {}
    while pending:
        ready = [t for t in pending if not (deps[t] - set(out) - {t})] or pending[:1]
        for t in ready:
            with prober.client.as_owner():
                out[t] = drafter.draft(t, prober)
            pending.remove(t)
    return out


def drafts(
    conn: psycopg.Connection, matrix: Matrix, tables: Iterable[str], *, shared: bool = False
) -> dict[str, Draft]:
    """Drafts for `tables` (schema.table), made in a transaction that is rolled back
    (`shared`: no table lock stronger than the probes' DML, see execute_matrix)."""
    prober = Prober(conn, matrix, shared=shared)
    with conn.transaction(force_rollback=True):
        with prober.client.as_owner():
            prober.build()
        return draft_tables(prober, tables)
