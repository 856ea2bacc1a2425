"""Access matrices for review: who may do what on each exposed table, and how it changed.

Outcomes come from the executed matrix of `toolkit.rls` where a side's probe data covers
a table (what really happened as each persona), and otherwise from grants, RLS flags and
policies read from the catalog; `toolkit.review.sides_access` picks which, per table.
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg.rows import dict_row

from toolkit import queries, security
from toolkit.rls.matrix import COMMANDS, Matrix

EXECUTED_RANK = {
    "denied": 0,
    "invisible": 0,
    "denied/invisible": 0,
    "no probe rows": 0,
    "allowed": 3,
}  # every other executed word is a subset of rows: rank 2
OUTSIDERS = ("anon", "other")


@dataclass(frozen=True)
class Access:
    """What one role may do with one command on one table."""

    table: str
    role: str
    command: str
    outcome: str
    rank: int
    danger: str | None = None  # why this is dangerous, if it is

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.table, self.role, self.command)


@dataclass(frozen=True)
class AccessChange:
    """One cell of the matrix that differs between base and head."""

    table: str
    role: str
    command: str
    before: str
    after: str
    verdict: str  # dangerous | needs-review | safe
    reason: str

    @property
    def label(self) -> str:
        return f"{self.role} · {self.command.upper()} · {self.table}: {self.before} → {self.after}"

    @property
    def cell(self) -> str:
        """The change without its table and role: `SELECT own rows` for a new table."""
        if self.before == "absent":
            return f"{self.command.upper()} {self.after}"
        return f"{self.command.upper()} {self.before} → {self.after}"


def catalog_access(conn: psycopg.Connection) -> dict[tuple[str, str, str], Access]:
    """Derive every table x role x command outcome from the catalog."""
    sql = queries.load("review/access")
    result: dict[tuple[str, str, str], Access] = {}
    with conn.cursor(row_factory=dict_row) as cur:
        for row in cur.execute(sql):
            access = _classify(row)
            result[access.key] = access
    return result


def _classify(row: dict) -> Access:
    table, role, command = row["table_name"], row["role_name"], row["command"]
    if not row["granted"]:
        return Access(table, role, command, "denied", 0)
    if command == "truncate":
        return Access(table, role, command, "all rows", 3, "TRUNCATE is granted (ignores RLS)")
    if not row["rls"]:
        return Access(table, role, command, "all rows", 3, "row level security is disabled")
    policies = [p for p in row["policies"] if p["permissive"]]
    danger = None
    if any("public" in p["roles"] for p in policies):
        danger = "a policy applies to PUBLIC instead of a named role"
    exprs = [p["check"] if command == "insert" else p["using"] for p in policies]
    if not policies:
        return Access(table, role, command, "no rows", 1, danger)
    if any(security.is_always_true(e) for e in exprs):
        if command != "select":
            danger = danger or "an always-true write policy"
        return Access(table, role, command, "all rows", 3, danger)
    names = ", ".join(sorted(p["name"] for p in policies))
    return Access(table, role, command, f"rows where {names}", 2, danger)


def executed_access(
    conn: psycopg.Connection, matrix: Matrix, tables: set[str] | None = None
) -> dict[tuple[str, str, str], Access]:
    """Outcomes of `matrix`'s executed cases (toolkit.rls) for every table (or `tables`)
    it has probe rows for, keyed by (table, persona, command). Runs in a transaction
    that is rolled back."""
    from toolkit.rls.executed import execute_matrix

    result: dict[tuple[str, str, str], Access] = {}
    for (table, command, persona), cell in execute_matrix(
        conn, matrix, tables=tables
    ).cells.items():
        outcome = cell.outcome
        rank = EXECUTED_RANK.get(outcome, 2)
        danger = None
        if persona in OUTSIDERS and command != "select" and outcome == "allowed":
            danger = f"{persona} may {command} every probe row, including other users' rows"
        access = Access(table, persona, command, outcome, rank, danger)
        result[access.key] = access
    return result


def compare(
    base: dict[tuple[str, str, str], Access], head: dict[tuple[str, str, str], Access]
) -> list[AccessChange]:
    """Cells whose outcome differs, classified; by table, then role or persona in the
    order the sides list them (the matrix's), then command."""
    roles: dict[str, int] = {}
    for _, role, _ in [*head, *base]:
        roles.setdefault(role, len(roles))
    order = {command: n for n, command in enumerate(COMMANDS)}
    changes = []
    for key in sorted(base.keys() | head.keys(), key=lambda k: (k[0], roles[k[1]], order[k[2]])):
        before, after = base.get(key), head.get(key)
        if before is not None and after is not None and before.outcome == after.outcome:
            if after.danger and not before.danger:
                changes.append(_change(key, before, after, "dangerous", after.danger))
            continue
        if before is None and after is not None and after.rank <= 1:
            continue  # a new table nobody can reach through the API: nothing to review
        b_rank = before.rank if before else 0
        b_out = before.outcome if before else "absent"
        if after is None:
            changes.append(AccessChange(*key, b_out, "absent", "safe", "table removed"))
            continue
        if after.danger:
            changes.append(_change(key, before, after, "dangerous", after.danger))
        elif after.rank > b_rank:
            changes.append(_change(key, before, after, "needs-review", "access widened"))
        elif after.rank < b_rank:
            changes.append(_change(key, before, after, "safe", "access narrowed"))
        else:
            changes.append(_change(key, before, after, "needs-review", "a different rule applies"))
    return changes


def _change(key, before: Access | None, after: Access, verdict: str, reason: str) -> AccessChange:
    return AccessChange(
        *key, before.outcome if before else "absent", after.outcome, verdict, reason
    )
