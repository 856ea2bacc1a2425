"""Repeatable SQL files: `sql/functions/*.sql` and `sql/policies/<table>.sql` (never connects).

A repeatable is the current definition of what it declares. It is (re)applied when its
content checksum changes, only while the migration named by its `-- requires:` header is
applied, after the repeatables named by `-- depends:`. What a file defines is read from its
parse tree (functions with their argument types, triggers with their table, or the table
whose policies a policy file owns) so that the engine can remove exactly that when the
required migration is rolled back, or when a function disappears from its file.
"""

from __future__ import annotations

import graphlib
import heapq
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import ProjectError
from toolkit.migrations import Migration
from toolkit.project import Project
from toolkit.sqlfile import SqlFile, read_sql_file

_FUNCTION_FILE_STATEMENTS = frozenset(
    {"CreateFunctionStmt", "CreateTrigStmt", "GrantStmt", "CommentStmt", "AlterFunctionStmt"}
)


@dataclass(frozen=True, order=True)
class DefinedObject:
    """Something a repeatable creates: ("function", "public.f(uuid, integer)", "")
    or ("trigger", "on_auth_user_created", "auth.users")."""

    kind: str
    name: str
    table: str = ""

    def drop_sql(self) -> str:
        if self.kind == "function":
            return f"drop function if exists {self.name}"
        return f"drop trigger if exists {self.name} on {self.table}"


@dataclass(frozen=True)
class Repeatable:
    """One repeatable file."""

    key: str  # "functions/mashups.sql", relative to sql/
    kind: str  # "function" | "policy"
    file: SqlFile
    requires: str | None
    depends: tuple[str, ...]
    table: str | None  # for policy files, the schema-qualified table
    objects: tuple[DefinedObject, ...]

    @property
    def checksum(self) -> str:
        return self.file.checksum


def load_repeatables(project: Project, migrations: tuple[Migration, ...]) -> tuple[Repeatable, ...]:
    """All repeatables of `project`, validated, in apply order."""
    by_id = {m.id: m for m in migrations}
    found: dict[str, Repeatable] = {}
    for kind, folder in (("function", project.functions_dir), ("policy", project.policies_dir)):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.sql")):
            rep = _load_one(project, kind, path)
            if rep.requires is not None and rep.requires not in by_id:
                raise ProjectError(
                    f"{rep.file.name}: '-- requires: {rep.requires}' names no migration"
                )
            found[rep.key] = rep
    for rep in found.values():
        for dep in rep.depends:
            if dep not in found:
                raise ProjectError(f"{rep.file.name}: depends on unknown repeatable {dep!r}")
            if _number(by_id, found[dep].requires) > _number(by_id, rep.requires):
                raise ProjectError(
                    f"{rep.file.name}: depends on {dep}, which requires a later migration "
                    f"({found[dep].requires}) than this file does ({rep.requires})"
                )
    return _ordered(found)


def _number(by_id: dict[str, Migration], mid: str | None) -> int:
    return by_id[mid].number if mid else 0


def _ordered(found: dict[str, Repeatable]) -> tuple[Repeatable, ...]:
    # graphlib (standard library) checks for cycles and yields ready nodes; a heap picks the
    # next one by (functions first, file name) so the order is stable and readable.
    sorter = graphlib.TopologicalSorter({k: set(r.depends) for k, r in found.items()})
    try:
        sorter.prepare()
    except graphlib.CycleError as exc:
        raise ProjectError(f"repeatables depend on each other in a cycle: {exc.args[1]}") from exc
    ready: list[tuple[bool, str]] = []
    order: list[str] = []
    while sorter.is_active():
        for key in sorter.get_ready():
            heapq.heappush(ready, (found[key].kind != "function", key))
        _, key = heapq.heappop(ready)
        order.append(key)
        sorter.done(key)
    return tuple(found[k] for k in order)


def _load_one(project: Project, kind: str, path: Path) -> Repeatable:
    key = path.relative_to(project.sql).as_posix()
    sql_file = read_sql_file(path, project.relative(path)).checked()
    requires = sql_file.directive("requires")
    if len(requires) > 1:
        raise ProjectError(f"{sql_file.name}: '-- requires:' names one migration")
    if not sql_file.statements:
        raise ProjectError(f"{sql_file.name}: empty repeatable (no SQL statements)")
    if kind == "policy":
        table = f"public.{path.stem}"
        if not requires:
            raise ProjectError(
                f"{sql_file.name}: policy files need '-- requires: <migration creating {table}>'"
            )
        objects = _policy_objects(sql_file, table)
    else:
        table = None
        objects = _function_objects(sql_file)
    return Repeatable(
        key=key,
        kind=kind,
        file=sql_file,
        requires=requires[0] if requires else None,
        depends=sql_file.directive("depends"),
        table=table,
        objects=objects,
    )


def _policy_objects(sql_file: SqlFile, table: str) -> tuple[DefinedObject, ...]:
    for stmt in sql_file.statements:
        if stmt.kind == "CommentStmt":
            continue
        if stmt.kind != "CreatePolicyStmt" or stmt.defines is None:
            raise ProjectError(
                f"{sql_file.name}:{stmt.line}: policy files hold only 'create policy' "
                f"statements (found {stmt.kind})"
            )
        if stmt.defines.table != table:
            raise ProjectError(
                f"{sql_file.name}:{stmt.line}: policy {stmt.defines.name!r} is on "
                f"{stmt.defines.table}; this file owns the policies of {table} only"
            )
    return (DefinedObject("policies", table),)


def _function_objects(sql_file: SqlFile) -> tuple[DefinedObject, ...]:
    objects: list[DefinedObject] = []
    for stmt in sql_file.statements:
        if stmt.kind not in _FUNCTION_FILE_STATEMENTS:
            raise ProjectError(
                f"{sql_file.name}:{stmt.line}: function files hold functions, triggers, grants "
                f"and comments only (found {stmt.kind}); tables belong in migrations"
            )
        defined = stmt.defines
        if defined is None:
            continue
        if not defined.or_replace:
            raise ProjectError(
                f"{sql_file.name}:{stmt.line}: use 'create or replace {defined.kind}' "
                "(repeatables are re-applied)"
            )
        objects.append(DefinedObject(defined.kind, defined.name, defined.table))
    return tuple(objects)


def object_lines(rep: Repeatable) -> dict[DefinedObject, int]:
    """The line of `rep`'s file at which each of its functions and triggers is defined."""
    lines: dict[DefinedObject, int] = {}
    for stmt in rep.file.statements:
        found = stmt.defines
        if found is not None and found.kind in ("function", "trigger"):
            lines.setdefault(DefinedObject(found.kind, found.name, found.table), stmt.line)
    return lines
