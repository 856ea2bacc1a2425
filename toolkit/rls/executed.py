"""Run every table x command x persona on the probe rows and report what happened.

`execute_matrix(conn)` is the public entry point (used by `mashdb policies`, the
generated tests, the coverage gate and `mashdb review`): it builds the probe world,
tries each command on each probe row as each persona — every attempt in a savepoint —
and rolls the whole transaction back. The result is plain data (`ExecutedMatrix`)
whose outcomes are the matrix's words ("allowed", "own rows", "denied", ...), derived
from which probe rows the command actually worked on, never from policy text.

Policy attribution (optional): each policy of a probed table is dropped inside a
savepoint and the table's cases are re-run; the cases whose per-row results change
are the ones that policy is the reason for. A policy with no such case is dead weight
or untested, and the gate says so.

On a shared database (`shared=True`: a database others use while the suite runs) the
probes take no lock stronger than their own row-level statements need: TRUNCATE cases
are decided by the privilege check TRUNCATE makes before it locks (on the table and
everything a CASCADE reaches) instead of truncating under ACCESS EXCLUSIVE, and policy
attribution — DROP POLICY, ACCESS EXCLUSIVE on each table in turn — is refused.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import psycopg
from psycopg import sql

from toolkit.rls import probes
from toolkit.rls.client import (
    ALLOWED,
    ANON,
    DENIED,
    ERROR,
    INVISIBLE,
    PRIVILEGE_SQLSTATE,
    SERVICE_ROLE,
    Counter,
    Outcome,
    Persona,
    RLSClient,
    User,
)
from toolkit.rls.matrix import COMMANDS, Matrix, Vocabulary
from toolkit.rls.probes import Candidate, Labels, TableProbe, Universe


def load_sql(name: str) -> str:
    return resources.files("toolkit.rls").joinpath("sql", f"{name}.sql").read_text()


@dataclass(frozen=True)
class TargetResult:
    name: str
    kind: str  # allowed | denied | invisible | error
    labels: Labels
    sqlstate: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class Cell:
    """One table x command (x column) x persona case, as executed."""

    table: str
    command: str
    persona: str
    results: tuple[TargetResult, ...]
    vocabulary: Vocabulary = field(compare=False, repr=False)
    column: str | None = None

    @property
    def key(self) -> str:
        col = f".{self.column}" if self.column else ""
        return f"{self.table}:{self.command}{col}:{self.persona}"

    @property
    def worked(self) -> frozenset[str]:
        return frozenset(r.name for r in self.results if r.kind == ALLOWED)

    @property
    def outcome(self) -> str:
        """The executed outcome word (the first declared word that names the rows)."""
        return name_results(self.results, self.persona, self.vocabulary)

    def satisfies(self, word: str) -> bool:
        """Whether the executed results are exactly what `word` promises."""
        if any(r.kind == ERROR for r in self.results) or not self.results:
            return False
        if word in (DENIED, INVISIBLE):
            return all(r.kind == word for r in self.results)
        selects = self.vocabulary.selects
        want = frozenset(r.name for r in self.results if selects(word, r.labels, self.persona))
        return bool(want) and want == self.worked

    def shown(self, expected: str | None = None) -> str:
        """The outcome to display: the expected word when it holds (ties), else the executed one."""
        if expected is not None and self.satisfies(expected):
            return expected
        return self.outcome

    def explain(self) -> str:
        return "; ".join(
            f"{r.name}: {r.kind}{f' {r.sqlstate}' if r.sqlstate and r.kind != ALLOWED else ''}"
            for r in self.results
        )


def name_results(results: tuple[TargetResult, ...], persona: str, vocabulary: Vocabulary) -> str:
    if not results:
        return "no probe rows"
    errors = [r for r in results if r.kind == ERROR]
    if errors:
        return "error " + ", ".join(sorted({f"{r.sqlstate} on {r.name}" for r in errors}))
    worked = frozenset(r.name for r in results if r.kind == ALLOWED)
    if not worked:
        kinds = {r.kind for r in results}
        return kinds.pop() if len(kinds) == 1 else "denied/invisible"
    if len(worked) == len(results):
        return "allowed"
    for word in vocabulary.words:
        if (
            frozenset(r.name for r in results if vocabulary.selects(word, r.labels, persona))
            == worked
        ):
            return word
    return "only " + ", ".join(sorted(worked))


@dataclass(frozen=True)
class FunctionCell:
    function: str
    persona: str
    outcome: str  # allowed | denied | error XXXXX
    sqlstate: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class RefusalResult:
    function: str
    persona: str
    call: str
    expect: str
    got: str
    ok: bool


@dataclass
class ExecutedMatrix:
    """What actually happened; keyed by table -> command -> persona."""

    cells: dict[tuple[str, str, str], Cell] = field(default_factory=dict)
    columns: dict[tuple[str, str, str], Cell] = field(
        default_factory=dict
    )  # table, column, persona
    functions: dict[tuple[str, str], FunctionCell] = field(default_factory=dict)
    refusals: list[RefusalResult] = field(default_factory=list)
    attribution: dict[str, tuple[str, ...]] | None = None  # schema.table.policy -> case keys
    unprobed: tuple[str, ...] = ()
    persona_order: tuple[str, ...] = ()
    attempts: int = 0
    seconds: float = 0.0

    @property
    def tables(self) -> list[str]:
        return sorted({t for t, _, _ in self.cells})

    def personas(self, table: str | None = None) -> list[str]:
        """The personas with cells (of `table`, or of any table), in the matrix's order."""
        have = {p for t, _, p in self.cells if table is None or t == table}
        return [p for p in self.persona_order if p in have]

    def outcome(self, table: str, command: str, persona: str) -> str:
        return self.cells[(table, command, persona)].outcome

    def as_dict(self) -> dict[str, Any]:
        """A stable JSON-able form (what `mashdb policies --format json` prints)."""
        tables: dict[str, Any] = {}
        for (t, c, p), cell in sorted(self.cells.items()):
            tables.setdefault(t, {}).setdefault(c, {})[p] = cell.outcome
        for (t, col, p), cell in sorted(self.columns.items()):
            tables.setdefault(t, {}).setdefault("columns", {}).setdefault(col, {})[p] = cell.outcome
        funcs: dict[str, Any] = {}
        for (f, p), fc in sorted(self.functions.items()):
            funcs.setdefault(f, {})[p] = fc.outcome
        out: dict[str, Any] = {"tables": tables, "functions": funcs}
        if self.attribution is not None:
            out["policies"] = {k: list(v) for k, v in sorted(self.attribution.items())}
        return out


# ---------------------------------------------------------------------------------------
# running


def _persona(matrix: Matrix, name: str, u: Universe) -> Persona:
    spec = matrix.vocabulary.personas[name]
    if spec.user is None:
        return ANON if spec.role == "anon" else SERVICE_ROLE
    return Persona(spec.role, User(u[spec.user], f"{spec.user}@probe.rls", spec.user))


def _ident(table: str) -> sql.Composable:
    schema, name = table.split(".", 1)
    return sql.SQL("{}.{}").format(sql.Identifier(schema), sql.Identifier(name))


def _where(key: Mapping[str, Any]) -> tuple[sql.Composable, list[Any]]:
    parts = [sql.SQL("{} = {}").format(sql.Identifier(k), sql.Placeholder()) for k in key]
    return sql.SQL(" and ").join(parts), list(key.values())


class SharedDatabaseError(ValueError):
    """Policy attribution was asked for on a shared database (it drops policies)."""


class Prober:
    """Runs the probes of one matrix on one connection (inside a transaction)."""

    def __init__(
        self,
        conn: psycopg.Connection,
        matrix: Matrix,
        counter: Counter | None = None,
        *,
        shared: bool = False,
    ) -> None:
        self.conn = conn
        self.matrix = matrix
        self.client = RLSClient(conn, counter or Counter())
        self.universe: Universe | None = None
        self.shared = shared

    def build(self) -> Universe:
        self.universe = probes.build_universe(self.conn, self.matrix.world)
        return self.universe

    def persona(self, name: str) -> Persona:
        assert self.universe is not None
        return _persona(self.matrix, name, self.universe)

    def cell(
        self,
        table: str,
        command: str,
        persona: str,
        results: tuple[TargetResult, ...],
        column: str | None = None,
    ) -> Cell:
        return Cell(table, command, persona, results, self.matrix.vocabulary, column)

    # -- one statement per probe row ------------------------------------------------------

    def run_command(
        self, probe: TableProbe, command: str, persona: str, column: tuple[str, str] | None = None
    ) -> tuple[TargetResult, ...]:
        assert self.universe is not None
        u = self.universe
        table = _ident(probe.table)
        out: list[TargetResult] = []
        with self.client.impersonate(self.persona(persona)):
            if command == "truncate" and self.shared:
                return (self._truncate_privilege(probe.table),)
            if command == "truncate":
                with self.conn.transaction(force_rollback=True):
                    self._quiet_triggers()
                    o = self.client.attempt(
                        sql.SQL("truncate table {} cascade").format(table),
                        None,
                        rowless=True,
                        verify=lambda c: (
                            not c.execute(
                                sql.SQL("select exists (select from {})").format(table)
                            ).fetchone()[0]
                        ),
                    )
                return (TargetResult("table", o.kind, Labels(), o.sqlstate, o.message),)
            if command == "insert":
                user = self.matrix.vocabulary.user(persona)
                for cand, labels in probe.candidates(persona, user):
                    out.append(self._insert(probe, cand, labels, user))
                return tuple(out)
            for target in probe.targets:
                where, params = _where(u.keys[target.row])
                if command == "select":
                    o = self.client.attempt(
                        sql.SQL("select 1 from {} where {}").format(table, where), params
                    )
                elif command == "update":
                    col, value = column or probe.update
                    o = self.client.attempt(
                        sql.SQL("update {} set {} = {} where {}").format(
                            table, sql.Identifier(col), sql.SQL(value), where
                        ),
                        params,
                        verify=lambda c, col=col, value=value, where=where, params=params: bool(
                            c.execute(
                                sql.SQL(
                                    "select {} is not distinct from ({}) from {} where {}"
                                ).format(sql.Identifier(col), sql.SQL(value), table, where),
                                params,
                            ).fetchone()[0]
                        ),
                    )
                elif command == "delete":
                    o = self.client.attempt(
                        sql.SQL("delete from {} where {}").format(table, where),
                        params,
                        verify=lambda c, where=where, params=params: (
                            not c.execute(
                                sql.SQL("select exists (select from {} where {})").format(
                                    table, where
                                ),
                                params,
                            ).fetchone()[0]
                        ),
                    )
                else:
                    raise ValueError(command)
                out.append(TargetResult(target.row, o.kind, target.labels, o.sqlstate, o.message))
        return tuple(out)

    def _truncate_privilege(self, table: str) -> TargetResult:
        """The TRUNCATE case without the lock: the privilege TRUNCATE checks first, on the
        table and on every table its CASCADE reaches (triggers are out of scope either way)."""
        self.client.counter.attempt()
        permitted, refused_on = self.conn.execute(
            load_sql("truncate_privilege"), {"table": table}
        ).fetchone()
        if permitted:
            return TargetResult("table", ALLOWED, Labels())
        message = f"permission denied for table {(refused_on or table).split('.', 1)[-1]}"
        return TargetResult("table", DENIED, Labels(), PRIVILEGE_SQLSTATE, message)

    def _quiet_triggers(self) -> None:
        """TRUNCATE probes measure privilege, not trigger side effects: where the connection
        may, suppress triggers until the enclosing savepoint is rolled back
        (session_replication_role = replica)."""
        if getattr(self, "_quiet", None) is None:
            try:
                with self.conn.transaction():
                    with self.client.as_owner():
                        self.conn.execute("set local session_replication_role = replica")
                        self.conn.execute("set local session_replication_role = origin")
                self._quiet = True
            except psycopg.Error:
                self._quiet = False
        if self._quiet:
            with self.client.as_owner():
                self.conn.execute("set local session_replication_role = replica")

    def _insert(
        self, probe: TableProbe, cand: Candidate, labels: Labels, user: str | None
    ) -> TargetResult:
        table = _ident(probe.table)
        conn = self.conn
        current = self.client.current
        assert self.universe is not None
        try:
            with conn.transaction(force_rollback=True):
                u = self.universe
                if cand.setup:
                    u = Universe(dict(u.ids), dict(u.keys))
                    with self.client.as_owner():
                        probes.run_statements(conn, cand.setup, u)
                values = {
                    c: sql.SQL(probes.substitute(probes.own_refs(v, user), u))
                    for c, v in cand.values.items()
                }
                q = sql.SQL("insert into {} ({}) values ({})").format(
                    table,
                    sql.SQL(", ").join(map(sql.Identifier, values)),
                    sql.SQL(", ").join(values.values()),
                )
                conds = sql.SQL(" and ").join(
                    sql.SQL("{} is not distinct from ({})").format(sql.Identifier(c), v)
                    for c, v in values.items()
                )
                verify = sql.SQL("select exists (select from {} where {})").format(table, conds)
                o = self.client.attempt(q, verify=lambda c: bool(c.execute(verify).fetchone()[0]))
        finally:
            assert self.client.current is current
        return TargetResult(cand.name, o.kind, labels, o.sqlstate, o.message)

    # -- whole tables -------------------------------------------------------------------

    def table_cells(
        self, probe: TableProbe, commands: Iterable[str] = COMMANDS
    ) -> tuple[dict[tuple[str, str, str], Cell], dict[tuple[str, str, str], Cell]]:
        commands = tuple(commands)
        cells: dict[tuple[str, str, str], Cell] = {}
        columns: dict[tuple[str, str, str], Cell] = {}
        for persona in self.matrix.personas_of(probe.table):
            for command in commands:
                res = self.run_command(probe, command, persona)
                cells[(probe.table, command, persona)] = self.cell(
                    probe.table, command, persona, res
                )
        entry = self.matrix.tables.get(probe.table)
        assert self.universe is not None
        for rule in entry.columns if entry and "update" in commands else ():
            for persona in rule.update:
                value = probes.substitute(rule.value, self.universe)
                res = self.run_command(probe, "update", persona, (rule.column, value))
                columns[(probe.table, rule.column, persona)] = self.cell(
                    probe.table, "update", persona, res, rule.column
                )
        return cells, columns

    def function_cells(self) -> tuple[dict[tuple[str, str], FunctionCell], list[RefusalResult]]:
        assert self.universe is not None
        cells: dict[tuple[str, str], FunctionCell] = {}
        refusals: list[RefusalResult] = []
        for fn in self.matrix.functions.values():
            if fn.call:
                call = probes.substitute(fn.call, self.universe)
                for persona in fn.callers:
                    with self.client.impersonate(self.persona(persona)):
                        o = self.client.attempt(call)
                    word = {ALLOWED: "allowed", INVISIBLE: "allowed", DENIED: "denied"}.get(
                        o.kind, f"error {o.sqlstate}"
                    )
                    cells[(fn.name, persona)] = FunctionCell(
                        fn.name, persona, word, o.sqlstate, o.message
                    )
            for ref in fn.refusals:
                call = probes.substitute(ref.call, self.universe)
                with self.client.impersonate(self.persona(ref.persona)):
                    o = self.client.attempt(call)
                got = _describe_refusal(o)
                refusals.append(
                    RefusalResult(
                        fn.name, ref.persona, ref.call, ref.expect, got, _refusal_ok(ref.expect, o)
                    )
                )
        return cells, refusals


_SQLSTATE = re.compile(r"^[0-9A-Z]{5}$")


def _describe_refusal(o: Outcome) -> str:
    if o.sqlstate:
        return o.sqlstate
    if not o.rows:
        return f"{o.rowcount} rows"
    first = o.rows[0][0]
    return "null" if first is None else str(first).lower()


def _refusal_ok(expect: str, o: Outcome) -> bool:
    if _SQLSTATE.match(expect) and any(ch.isdigit() for ch in expect):
        return o.sqlstate == expect
    return o.sqlstate is None and _describe_refusal(o) == expect.lower()


def execute_matrix(
    conn: psycopg.Connection,
    matrix: Matrix,
    *,
    tables: Iterable[str] | None = None,
    attribute: bool = False,
    counter: Counter | None = None,
    shared: bool = False,
) -> ExecutedMatrix:
    """Probe every table (or `tables`) x command x persona and every matrix function.

    Runs inside one transaction (a savepoint if `conn` is already in one) that is always
    rolled back; the database is left as it was (sequences aside: nextval is never
    rolled back). `shared`: others use the database meanwhile, so take no table lock
    stronger than row-level DML (see the module docstring); `attribute` needs it False.
    """
    if attribute and shared:
        raise SharedDatabaseError(
            "policy attribution drops each policy (ACCESS EXCLUSIVE on its table): "
            "it needs a database nobody else uses"
        )
    start = time.perf_counter()
    result = ExecutedMatrix(persona_order=matrix.personas)
    prober = Prober(conn, matrix, counter, shared=shared)
    wanted = set(tables) if tables is not None else None
    with conn.transaction(force_rollback=True):
        with prober.client.as_owner():
            prober.build()
        existing = {r[0] for r in conn.execute(load_sql("tables"), {"schemas": _schemas(matrix)})}
        names = sorted(existing if wanted is None else existing & wanted)
        result.unprobed = tuple(t for t in names if t not in matrix.probes)
        for t in names:
            if t in matrix.probes:
                cells, columns = prober.table_cells(matrix.probes[t])
                result.cells.update(cells)
                result.columns.update(columns)
        if wanted is None:
            result.functions, result.refusals = prober.function_cells()
        if attribute:
            result.attribution = _attribute(
                prober, [t for t in names if t in matrix.probes], result
            )
    result.attempts = prober.client.counter.attempts
    result.seconds = time.perf_counter() - start
    return result


def _schemas(matrix: Matrix) -> list[str]:
    return list(matrix.exposed_schemas)


def _attribute(
    prober: Prober, tables: list[str], base: ExecutedMatrix
) -> dict[str, tuple[str, ...]]:
    conn = prober.conn
    rows = conn.execute(load_sql("policies"), {"tables": tables}).fetchall()
    found: dict[str, tuple[str, ...]] = {}
    for schema, table, policy, cmd in rows:
        qualified = f"{schema}.{table}"
        with conn.transaction(force_rollback=True):
            with prober.client.as_owner():
                conn.execute(
                    sql.SQL("drop policy {} on {}.{}").format(
                        sql.Identifier(policy), sql.Identifier(schema), sql.Identifier(table)
                    )
                )
            cells, columns = prober.table_cells(prober.matrix.probes[qualified], AFFECTS[cmd])
        changed = [c.key for k, c in cells.items() if _kinds(c) != _kinds(base.cells.get(k))]
        changed += [c.key for k, c in columns.items() if _kinds(c) != _kinds(base.columns.get(k))]
        found[f"{qualified}.{policy}"] = tuple(sorted(changed))
    return found


# the commands a policy of each kind can change (a SELECT policy also filters the rows an
# UPDATE or DELETE with a WHERE clause reads); TRUNCATE ignores policies altogether
AFFECTS = {
    "SELECT": ("select", "update", "delete"),
    "INSERT": ("insert",),
    "UPDATE": ("update",),
    "DELETE": ("delete",),
    "ALL": ("select", "insert", "update", "delete"),
}


def _kinds(cell: Cell | None) -> tuple[tuple[str, str], ...]:
    return tuple((r.name, r.kind) for r in cell.results) if cell else ()
