"""One table as `mashdb policies --table T` shows it: executed cells, policies, functions
that touch it, column rules, and (`--suggest`) a matrix entry or a draft to paste.

Everything runs in one transaction that is rolled back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg.rows import dict_row

from toolkit import queries
from toolkit.errors import UsageError
from toolkit.rls.draft import drafts, matrix_entry
from toolkit.rls.executed import ExecutedMatrix, execute_matrix
from toolkit.rls.matrix import COMMANDS, Matrix, qualify


@dataclass
class TableReport:
    """What one table's access is made of, and what actually happens."""

    table: str
    executed: ExecutedMatrix
    policies: list[dict[str, Any]] = field(default_factory=list)
    functions: list[dict[str, Any]] = field(default_factory=list)
    columns: list[dict[str, Any]] = field(default_factory=list)
    suggestion: str = ""

    def as_dict(self) -> dict[str, Any]:
        cells = self.executed.as_dict()["tables"].get(self.table, {})
        return {
            "table": self.table,
            "cells": {c: v for c, v in cells.items() if c != "columns"},
            "policies": self.policies,
            "functions": self.functions,
            "columns": self.columns,
            **({"suggestion": self.suggestion} if self.suggestion else {}),
        }

    def as_text(self, matrix: Matrix) -> str:
        lines = [f"{self.table}", ""]
        personas = self.executed.personas(self.table)
        if personas:
            lines.append("executed: " + " | ".join(personas))
            entry = matrix.tables.get(self.table)
            for command in COMMANDS:
                shown = []
                for p in personas:
                    cell = self.executed.cells[(self.table, command, p)]
                    want = entry.cells[command].get(p) if entry else None
                    ok = want is None or cell.satisfies(want)
                    shown.append(cell.shown(want) if ok else f"! {cell.outcome} (expected {want})")
                lines.append(f"  {command:<8} " + " | ".join(shown))
        else:
            lines.append(f"executed: nothing (no probe rows in {matrix.probes_path})")
        lines += ["", "policies:"] + [
            f"  {p['name']} ({p['command']}, {'permissive' if p['permissive'] else 'restrictive'}"
            f", to {', '.join(p['roles'])})"
            + (f"\n    using ({p['using_expr']})" if p["using_expr"] else "")
            + (f"\n    with check ({p['check_expr']})" if p["check_expr"] else "")
            for p in self.policies
        ]
        if not self.policies:
            lines.append("  none")
        lines += ["", "functions that name it:"] + [
            f"  {f['signature']}{' SECURITY DEFINER' if f['security_definer'] else ''}"
            for f in self.functions
        ]
        if not self.functions:
            lines.append("  none")
        lines += ["", "column rules:"] + [
            f"  {c['column']} = {c['value']}: "
            + ", ".join(f"{p} {o}" for p, o in c["executed"].items())
            for c in self.columns
        ]
        if not self.columns:
            lines.append("  none")
        return "\n".join(lines) + "\n"


def table_report(
    conn: psycopg.Connection,
    matrix: Matrix,
    table: str,
    *,
    suggest: bool = False,
    shared: bool = False,
) -> TableReport:
    """Report one table (`t` or `schema.t`); `suggest` adds a matrix entry or draft.
    `shared`: take no table lock stronger than the probes' DML (see execute_matrix)."""
    name = qualify(table)
    with conn.transaction(force_rollback=True):
        found = conn.execute("select to_regclass(%s) is not null", (name,)).fetchone()
        if not (found and found[0]):
            raise UsageError(f"no table {name} in the database")
        executed = execute_matrix(conn, matrix, tables=[name], shared=shared)
        with conn.cursor(row_factory=dict_row) as cur:
            policies = list(cur.execute(queries.load("rls/table_policies"), {"table": name}))
            functions = list(
                cur.execute(
                    queries.load("rls/table_functions"),
                    {"schemas": list(matrix.exposed_schemas), "name": name.split(".", 1)[1]},
                )
            )
        report = TableReport(name, executed, policies, functions)
        entry = matrix.tables.get(name)
        for rule in entry.columns if entry else ():
            got = {
                p: executed.columns[(name, rule.column, p)].shown(want)
                for p, want in rule.update.items()
                if (name, rule.column, p) in executed.columns
            }
            report.columns.append(
                {
                    "column": rule.column,
                    "value": rule.value,
                    "expected": dict(rule.update),
                    "executed": got,
                }
            )
        if suggest:
            report.suggestion = _suggestion(conn, matrix, name, executed, shared)
    return report


def _suggestion(
    conn: psycopg.Connection, matrix: Matrix, table: str, executed: ExecutedMatrix, shared: bool
) -> str:
    if table in matrix.probes:
        return matrix_entry(table, executed.cells, matrix)
    return drafts(conn, matrix, [table], shared=shared)[table].text(matrix)
