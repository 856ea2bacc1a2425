"""Renderers of an executed matrix: table (terminal), json, markdown. Render only."""

from __future__ import annotations

import json
from collections.abc import Callable

from toolkit.rls.executed import ExecutedMatrix
from toolkit.rls.matrix import COMMANDS, Matrix


def _expected(matrix: Matrix | None, table: str, command: str, persona: str) -> str | None:
    if matrix is None or table not in matrix.tables:
        return None
    entry = matrix.tables[table]
    return entry.cells[command].get(persona)


def rows(ex: ExecutedMatrix, matrix: Matrix | None = None) -> list[list[str]]:
    """table, command, then one column per persona ("" where the persona does not apply);
    a cell that differs from the matrix is marked `!` with the expected word."""
    personas = ex.personas()
    out = []
    for table in ex.tables:
        for command in COMMANDS:
            line = [table.removeprefix("public."), command]
            for p in personas:
                cell = ex.cells.get((table, command, p))
                if cell is None:
                    line.append("")
                    continue
                want = _expected(matrix, table, command, p)
                shown = cell.shown(want)
                if want is not None and not cell.satisfies(want):
                    shown = f"! {shown} (expected {want})"
                line.append(shown)
            out.append(line)
    return out  # column rules and functions: json / markdown


def as_json(ex: ExecutedMatrix, matrix: Matrix | None = None) -> str:
    return json.dumps(ex.as_dict(), indent=2, sort_keys=True)


def as_markdown(ex: ExecutedMatrix, matrix: Matrix | None = None) -> str:
    personas = ex.personas()
    lines = [
        "| table | command | " + " | ".join(personas) + " |",
        "|---|---|" + "---|" * len(personas),
    ]
    for r in rows(ex, matrix):
        lines.append("| " + " | ".join(x or "—" for x in r) + " |")
    if ex.columns:
        lines += ["", "| column rule | persona | outcome |", "|---|---|---|"]
        for (t, col, p), cell in sorted(ex.columns.items()):
            lines.append(f"| {t.removeprefix('public.')}.{col} (update) | {p} | {cell.outcome} |")
    if ex.functions:
        fpersonas = [p for p in ex.persona_order if any(k[1] == p for k in ex.functions)]
        lines += [
            "",
            "| function | " + " | ".join(fpersonas) + " |",
            "|---|" + "---|" * len(fpersonas),
        ]
        for f in sorted({k[0] for k in ex.functions}):
            cells = [
                ex.functions[(f, p)].outcome if (f, p) in ex.functions else "—" for p in fpersonas
            ]
            lines.append(f"| {f.removeprefix('public.')} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def as_table(ex: ExecutedMatrix, matrix: Matrix | None = None) -> object:
    """A rich Table (the CLI prints it)."""
    from rich.table import Table

    personas = ex.personas()
    t = Table(title=f"executed access matrix ({ex.attempts} statements, {ex.seconds:.1f}s)")
    t.add_column("table")
    t.add_column("command")
    for p in personas:
        t.add_column(p)
    for r in rows(ex, matrix):
        styled = [f"[red]{x}[/red]" if x.startswith("!") else x for x in r]
        t.add_row(*styled)
    return t


RENDERERS: dict[str, Callable[[ExecutedMatrix, Matrix | None], object]] = {
    "table": as_table,
    "json": as_json,
    "markdown": as_markdown,
}
