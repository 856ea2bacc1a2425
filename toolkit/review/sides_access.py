"""Who can read or write what on each side of a review, each side probed with its own data.

Base is executed with the base ref's matrix and probe data (exported with its SQL), head
with the working tree's, so a table the branch adds is probed on head — its cells per
persona and command are compared with "absent" — and a probe the branch changes is the
base's on base. A table is compared by its executed outcomes only when every side it
exists on executed it; otherwise both sides fall back to grants and policies
(`access.catalog_access`) for that table, and a note says why. A base whose ref predates
probe data of its own is executed with the head's probes for the tables both sides have.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import psycopg
from pglast import ast, parse_sql

from toolkit.lint.pgast import display, relation_key, walk
from toolkit.review import access
from toolkit.review.access import Access
from toolkit.rls.matrix import Matrix, MatrixError, load_project
from toolkit.rls.probes import REF, TableProbe

Cells = dict[tuple[str, str, str], Access]


@dataclass(frozen=True)
class SidesAccess:
    """The two matrices to compare and how they were made."""

    base: Cells
    head: Cells
    notes: tuple[str, ...] = ()


def both_sides(
    base: psycopg.Connection, head: psycopg.Connection, base_root: Path, head_root: Path
) -> SidesAccess:
    """Access on base and head: executed with each side's own probes where possible."""
    base_catalog, head_catalog = access.catalog_access(base), access.catalog_access(head)
    notes: list[str] = []
    try:
        head_spec = load_project(head_root)
    except MatrixError as exc:
        notes.append(f"access compared from grants and policies only: {exc}")
        return SidesAccess(base_catalog, head_catalog, tuple(notes))
    head_exec = _execute(head, head_spec, None, "head", notes)
    try:
        base_spec, tables = load_project(base_root), None
    except MatrixError as exc:
        base_spec = restricted(head_spec, base)
        tables = _tables(base_catalog) & _tables(head_catalog) & set(base_spec.probes)
        notes.append(
            f"base has no RLS probe data of its own ({exc}): base was executed with the "
            f"head's probes for the {len(tables)} tables that exist on both sides"
        )
    base_exec = _execute(base, base_spec, tables, "base", notes)
    return _combine(base_catalog, base_exec, head_catalog, head_exec, notes)


def restricted(spec: Matrix, conn: psycopg.Connection) -> Matrix:
    """`spec` cut to what `conn`'s database has: the world statements whose relations all
    exist there and that use no row of a statement cut, and the probes that use only
    rows still in the world."""
    world, cut = [], set()
    for statement in spec.world:
        if set(REF.findall(statement.text)) & cut or _missing(conn, statement.text):
            cut |= {statement.label} if statement.label else set()
        else:
            world.append(statement)
    rows = {s.label for s in world if s.label}
    probes = {
        table: probe
        for table, probe in spec.probes.items()
        if {t.row for t in probe.targets} <= rows
        and not _refs(probe) & cut
        and not any(_missing(conn, s.text) for c in probe.inserts for s in c.setup)
    }
    return replace(spec, world=tuple(world), probes=probes)


def _refs(probe: TableProbe) -> set[str]:
    texts = [probe.update[1]]
    for cand in probe.inserts:
        texts += [*cand.values.values(), *(s.text for s in cand.setup)]
    return {ref for text in texts for ref in REF.findall(text)}


def _missing(conn: psycopg.Connection, text: str) -> bool:
    """Whether the statement names a relation that does not exist on `conn`."""
    tree = parse_sql(REF.sub("null", text))
    ctes = {n.ctename for n, _ in walk(tree) if isinstance(n, ast.CommonTableExpr)}
    names = sorted(
        display(relation_key(n))
        for n, _ in walk(tree)
        if isinstance(n, ast.RangeVar) and not (n.schemaname is None and n.relname in ctes)
    )
    found = conn.execute(
        "select count(*) from unnest(%s::text[]) as r where to_regclass(r) is null", [names]
    ).fetchone()
    return bool(found and found[0])


def _execute(
    conn: psycopg.Connection,
    spec: Matrix,
    tables: set[str] | None,
    side: str,
    notes: list[str],
) -> Cells:
    try:
        return access.executed_access(conn, spec, tables)
    except psycopg.Error as exc:
        reason = (exc.diag.message_primary or str(exc)).splitlines()[0]
        notes.append(
            f"access on {side} compared from grants and policies only: the executed matrix "
            f"could not build its probe rows ({reason})"
        )
        return {}


def _tables(cells: Cells) -> set[str]:
    return {table for table, _, _ in cells}


def _combine(
    base_catalog: Cells, base_exec: Cells, head_catalog: Cells, head_exec: Cells, notes: list
) -> SidesAccess:
    sides = {
        "base": (_tables(base_catalog) | _tables(base_exec), _tables(base_exec), bool(base_exec)),
        "head": (_tables(head_catalog) | _tables(head_exec), _tables(head_exec), bool(head_exec)),
    }
    base: Cells = {}
    head: Cells = {}
    unprobed: dict[str, list[str]] = {"base": [], "head": []}
    for table in sorted(sides["base"][0] | sides["head"][0]):
        lacking = [s for s, (exists, probed, _) in sides.items() if table in exists - probed]
        for side in lacking:
            if sides[side][2]:  # that side did execute, just not this table
                unprobed[side].append(table)
        base_cells, head_cells = (base_catalog, head_catalog) if lacking else (base_exec, head_exec)
        base.update({k: v for k, v in base_cells.items() if k[0] == table})
        head.update({k: v for k, v in head_cells.items() if k[0] == table})
    for side, tables in unprobed.items():
        if tables:
            notes.append(
                f"no probe rows on {side} for {', '.join(tables)}: their access is compared "
                "from grants and policies on both sides"
            )
    return SidesAccess(base, head, tuple(notes))
