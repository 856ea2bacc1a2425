"""Run every table x command x persona on the probe rows and report what happened.

`execute_matrix(conn)` is the public entry point (used by `mashdb policies`, the
generated tests, the coverage gate and `mashdb review`): it builds the probe world,
tries each command on each probe row as each persona — every attempt in a savepoint —
and rolls the whole transaction back. The result is plain data (`ExecutedMatrix`, results.py)
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
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from toolkit import queries
from toolkit.rls import probes
from toolkit.rls.client import (
    ALLOWED,
    ANON,
    DENIED,
    INVISIBLE,
    SERVICE_ROLE,
    Attempt,
    Counter,
    Outcome,
    Persona,
    RLSClient,
    User,
)
from toolkit.rls.matrix import COMMANDS, Matrix
from toolkit.rls.probes import Candidate, Labels, TableProbe, Universe
from toolkit.rls.results import Cell, ExecutedMatrix, FunctionCell, RefusalResult, TargetResult

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


@dataclass(frozen=True)
class Planned:
    """One planned attempt: the case it belongs to and the probe row it tries."""

    key: tuple[str, str, str]  # table, command (or column), persona
    column: str | None
    name: str
    labels: Labels
    attempt: Attempt


_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _value(v: Any) -> Any:
    """A world value as returned in JSON: uuids back to UUID (the rest as JSON gives it)."""
    return uuid.UUID(v) if isinstance(v, str) and _UUID.match(v) else v


def _substitute(text: str, u: Universe, leave: set[str]) -> str:
    """`probes.substitute`, except for the `{refs}` in `leave` (filled in server-side)."""
    return probes.REF.sub(
        lambda m: m.group(0) if m.group(1) in leave else probes.substitute(m.group(0), u), text
    )


def _where(key: Mapping[str, Any]) -> sql.Composable:
    return sql.SQL(" and ").join(
        sql.SQL("{} = {}").format(sql.Identifier(k), sql.Literal(v)) for k, v in key.items()
    )


class SharedDatabaseError(ValueError):
    """Policy attribution was asked for on a shared database (it drops policies)."""


class Prober:
    """Runs the probes of one matrix on one connection (inside a transaction).

    Every case is planned as `Attempt`s first and run server-side in batches
    (`RLSClient.attempt_many`): one round trip for the world, one for all tables and
    functions, one for all of policy attribution — not several per attempt."""

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
        """Create the probe world (one round trip; kept until the caller rolls back)."""
        setup = tuple((s.text, s.label) for s in self.matrix.world)
        (done,) = self.client.attempt_many([Attempt("select 1", setup=setup, keep=True)])
        if done.kind != ALLOWED:
            raise probes.ProbeError(f"the probe world failed: {done.sqlstate}: {done.message}")
        u = Universe()
        for label, row in done.labels.items():
            u.keys[label] = {col: _value(v) for col, v in row.items()}
            if len(row) == 1:
                u.ids[label] = next(iter(u.keys[label].values()))
        self.universe = u
        return u

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

    # -- planning: one attempt per probe row ------------------------------------------------

    def _sql(self, q: sql.Composable) -> str:
        return q.as_string(self.conn)

    def plan_command(
        self, probe: TableProbe, command: str, persona: str, column: tuple[str, str] | None = None
    ) -> list[tuple[str, Labels, Attempt]]:
        """The attempts of one case: (probe row name, its labels, the attempt)."""
        assert self.universe is not None
        u = self.universe
        who = self.persona(persona)
        table = _ident(probe.table)
        if command == "truncate":
            if self.shared:
                check = self.client.inline(
                    queries.load("rls/truncate_privilege"), {"table": probe.table}
                )
                return [("table", Labels(), Attempt(check, who, check=True))]
            attempt = Attempt(
                self._sql(sql.SQL("truncate table {} cascade").format(table)),
                who,
                verify=self._sql(sql.SQL("select not exists (select from {})").format(table)),
                rowless=True,
                quiet=True,
            )
            return [("table", Labels(), attempt)]
        if command == "insert":
            user = self.matrix.vocabulary.user(persona)
            return [
                (cand.name, labels, self._plan_insert(probe, cand, user, who))
                for cand, labels in probe.candidates(persona, user)
            ]
        out = []
        for target in probe.targets:
            where = _where(u.keys[target.row])
            verify = None
            if command == "select":
                q = sql.SQL("select 1 from {} where {}").format(table, where)
            elif command == "update":
                col, value = column or probe.update
                q = sql.SQL("update {} set {} = {} where {}").format(
                    table, sql.Identifier(col), sql.SQL(value), where
                )
                verify = sql.SQL("select {} is not distinct from ({}) from {} where {}").format(
                    sql.Identifier(col), sql.SQL(value), table, where
                )
            elif command == "delete":
                q = sql.SQL("delete from {} where {}").format(table, where)
                verify = sql.SQL("select not exists (select from {} where {})").format(table, where)
            else:
                raise ValueError(command)
            attempt = Attempt(self._sql(q), who, verify=self._sql(verify) if verify else None)
            out.append((target.row, target.labels, attempt))
        return out

    def _plan_insert(
        self, probe: TableProbe, cand: Candidate, user: str | None, who: Persona
    ) -> Attempt:
        assert self.universe is not None
        u = self.universe
        made = {s.label for s in cand.setup if s.label}  # resolved server-side, in order
        values = {
            c: sql.SQL(_substitute(probes.own_refs(v, user), u, made))
            for c, v in cand.values.items()
        }
        table = _ident(probe.table)
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
        setup = tuple((_substitute(s.text, u, made), s.label) for s in cand.setup)
        return Attempt(self._sql(q), who, verify=self._sql(verify), setup=setup)

    def table_plans(self, probe: TableProbe, commands: Iterable[str] = COMMANDS) -> list[Planned]:
        """Every attempt of a table's cases (commands x personas, then column rules)."""
        commands = tuple(commands)
        out: list[Planned] = []
        for persona in self.matrix.personas_of(probe.table):
            for command in commands:
                key = (probe.table, command, persona)
                for name, labels, attempt in self.plan_command(probe, command, persona):
                    out.append(Planned(key, None, name, labels, attempt))
        entry = self.matrix.tables.get(probe.table)
        assert self.universe is not None
        for rule in entry.columns if entry and "update" in commands else ():
            for persona in rule.update:
                value = probes.substitute(rule.value, self.universe)
                for name, labels, attempt in self.plan_command(
                    probe, "update", persona, (rule.column, value)
                ):
                    key = (probe.table, rule.column, persona)
                    out.append(Planned(key, rule.column, name, labels, attempt))
        return out

    def run_plans(
        self, plans: list[Planned]
    ) -> tuple[dict[tuple[str, str, str], Cell], dict[tuple[str, str, str], Cell]]:
        """Run planned attempts in one round trip; their cells."""
        return self.cells_of(plans, self.client.attempt_many([p.attempt for p in plans]))

    def cells_of(
        self, plans: list[Planned], outcomes: list[Outcome]
    ) -> tuple[dict[tuple[str, str, str], Cell], dict[tuple[str, str, str], Cell]]:
        """Group the outcomes of planned attempts into cells and column-rule cells."""
        results: dict[tuple[tuple[str, str, str], str | None], list[TargetResult]] = {}
        for p, o in zip(plans, outcomes, strict=True):
            results.setdefault((p.key, p.column), []).append(
                TargetResult(p.name, o.kind, p.labels, o.sqlstate, o.message)
            )
        cells: dict[tuple[str, str, str], Cell] = {}
        columns: dict[tuple[str, str, str], Cell] = {}
        for ((table, command, persona), column), res in results.items():
            if column is None:
                cells[(table, command, persona)] = self.cell(table, command, persona, tuple(res))
            else:
                columns[(table, column, persona)] = self.cell(
                    table, "update", persona, tuple(res), column
                )
        return cells, columns

    def table_cells(
        self, probe: TableProbe, commands: Iterable[str] = COMMANDS
    ) -> tuple[dict[tuple[str, str, str], Cell], dict[tuple[str, str, str], Cell]]:
        return self.run_plans(self.table_plans(probe, commands))

    def function_cells(self) -> tuple[dict[tuple[str, str], FunctionCell], list[RefusalResult]]:
        assert self.universe is not None
        calls: list[tuple[str, str, Any, Attempt]] = []  # function, persona, refusal or None
        for fn in self.matrix.functions.values():
            if fn.call:
                call = probes.substitute(fn.call, self.universe)
                for persona in fn.callers:
                    calls.append((fn.name, persona, None, Attempt(call, self.persona(persona))))
            for ref in fn.refusals:
                call = probes.substitute(ref.call, self.universe)
                calls.append((fn.name, ref.persona, ref, Attempt(call, self.persona(ref.persona))))
        outcomes = self.client.attempt_many([a for *_, a in calls])
        cells: dict[tuple[str, str], FunctionCell] = {}
        refusals: list[RefusalResult] = []
        for (name, persona, ref, _), o in zip(calls, outcomes, strict=True):
            if ref is None:
                word = {ALLOWED: "allowed", INVISIBLE: "allowed", DENIED: "denied"}.get(
                    o.kind, f"error {o.sqlstate}"
                )
                cells[(name, persona)] = FunctionCell(name, persona, word, o.sqlstate, o.message)
                continue
            got = _describe_refusal(o)
            refusals.append(
                RefusalResult(name, persona, ref.call, ref.expect, got, _refusal_ok(ref.expect, o))
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
        prober.build()
        existing = {
            r[0] for r in conn.execute(queries.load("rls/tables"), {"schemas": _schemas(matrix)})
        }
        names = sorted(existing if wanted is None else existing & wanted)
        result.unprobed = tuple(t for t in names if t not in matrix.probes)
        probed = [t for t in names if t in matrix.probes]
        plans = [p for t in probed for p in prober.table_plans(matrix.probes[t])]
        result.cells, result.columns = prober.run_plans(plans)
        if wanted is None:
            result.functions, result.refusals = prober.function_cells()
        if attribute:
            result.attribution = _attribute(prober, probed, result)
    result.attempts = prober.client.counter.attempts
    result.seconds = time.perf_counter() - start
    return result


def _schemas(matrix: Matrix) -> list[str]:
    return list(matrix.exposed_schemas)


def _attribute(
    prober: Prober, tables: list[str], base: ExecutedMatrix
) -> dict[str, tuple[str, ...]]:
    """Re-run the cases each policy can influence with that policy dropped (in a
    subtransaction rolled back after them), all policies in one round trip."""
    conn = prober.conn
    rows = conn.execute(queries.load("rls/policies"), {"tables": tables}).fetchall()
    groups: list[tuple[str, list[Planned], tuple[str]]] = []
    for schema, table, policy, cmd in rows:
        qualified = f"{schema}.{table}"
        drop = sql.SQL("drop policy {} on {}.{}").format(
            sql.Identifier(policy), sql.Identifier(schema), sql.Identifier(table)
        )
        plans = prober.table_plans(prober.matrix.probes[qualified], AFFECTS[cmd])
        groups.append((f"{qualified}.{policy}", plans, (drop.as_string(conn),)))
    outcomes = prober.client.attempt_groups(
        [(drop, [p.attempt for p in plans]) for _, plans, drop in groups]
    )
    found: dict[str, tuple[str, ...]] = {}
    for (policy, plans, _), done in zip(groups, outcomes, strict=True):
        cells, columns = prober.cells_of(plans, done)
        changed = [c.key for k, c in cells.items() if _kinds(c) != _kinds(base.cells.get(k))]
        changed += [c.key for k, c in columns.items() if _kinds(c) != _kinds(base.columns.get(k))]
        found[policy] = tuple(sorted(changed))
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
