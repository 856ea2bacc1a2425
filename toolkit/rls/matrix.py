"""The declarative access matrix (tests/rls/matrix.toml): load and validate, never connect.

A DBA reads the TOML; this module turns it into frozen dataclasses and rejects
anything it does not understand (unknown table keys, personas, commands or
outcome words are errors, not silently ignored cases).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

COMMANDS = ("select", "insert", "update", "delete", "truncate")
PERSONAS = ("anon", "owner", "other", "participant", "creator", "service_role")
CLIENT_PERSONAS = ("owner", "other", "participant", "creator")  # all run as `authenticated`

# Outcome words. Each non-empty one is a predicate over a probe row's relation to the
# persona; the executed matrix compares the set of probe rows where the command worked
# with the set the predicate selects (see docs/rls.md).
OUTCOMES: dict[str, str] = {
    "allowed": "every probe row (other users' private rows included)",
    "own rows": "only rows the persona owns (the row's user column is the persona)",
    "creator rows": "only rows about something the persona created (their mashup / split / fan)",
    "participant rows": "rows the persona owns or takes part in (collab member, split recipient)",
    "own + creator rows": "rows the persona owns or that are about what they created",
    "published only": "only public rows (published public mashups and what hangs off "
    "them)",
    "viewable": "public rows plus rows about the persona's own mashups",
    "denied": "every attempt raises 42501 (no privilege or a policy check violation)",
    "invisible": "no error, zero rows (RLS filters every probe row out)",
}
FUNCTION_OUTCOMES = ("allowed", "denied")


class MatrixError(ValueError):
    """The matrix file is malformed or names something unknown."""


@dataclass(frozen=True)
class ColumnRule:
    """Expected outcome of updating (or inserting) one column, per persona."""

    column: str
    value: str  # a SQL literal, cast to the column's type
    update: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class TableEntry:
    name: str  # schema.table
    about: str
    personas: tuple[str, ...]
    cells: Mapping[str, Mapping[str, str]]  # command -> persona -> outcome
    columns: tuple[ColumnRule, ...] = ()
    redundant_policies: Mapping[str, str] = field(default_factory=dict)  # name -> why kept

    def expected(self, command: str, persona: str) -> str:
        return self.cells[command][persona]


@dataclass(frozen=True)
class Refusal:
    """A call that must be refused, and how (a SQLSTATE or a returned value)."""

    persona: str
    call: str
    expect: str  # "42501", "P0002", ... or a value such as "false" / "0 rows"


@dataclass(frozen=True)
class FunctionEntry:
    name: str  # schema.name(identity args) as pg_get_function_identity_arguments prints
    about: str
    trigger: bool
    call: str | None
    callers: Mapping[str, str]  # persona -> allowed | denied
    refusals: tuple[Refusal, ...] = ()


@dataclass(frozen=True)
class Matrix:
    path: str
    exposed_schemas: tuple[str, ...]
    tables: Mapping[str, TableEntry]
    functions: Mapping[str, FunctionEntry]
    known_issues: Mapping[str, str] = field(default_factory=dict)  # case key -> reason

    def table(self, name: str) -> TableEntry:
        return self.tables[qualify(name)]


def qualify(name: str) -> str:
    """`mashups` -> `public.mashups`; `public.f(uuid)` unchanged."""
    head = name.split("(", 1)[0]
    return name if "." in head else f"public.{name}"


def _err(path: str, where: str, msg: str) -> MatrixError:
    return MatrixError(f"{path}: [{where}] {msg}")


def _outcome(path: str, where: str, word: Any, allowed: tuple[str, ...] | None = None) -> str:
    choices = allowed or tuple(OUTCOMES)
    if not isinstance(word, str) or word not in choices:
        raise _err(path, where, f"unknown outcome {word!r}; use one of: {', '.join(choices)}")
    return word


def _persona(path: str, where: str, name: Any) -> str:
    if name not in PERSONAS:
        raise _err(path, where, f"unknown persona {name!r}; use one of: {', '.join(PERSONAS)}")
    return str(name)


def _table(path: str, key: str, raw: Mapping[str, Any]) -> TableEntry:
    name = qualify(key)
    where = f"tables.{key}"
    known = {"about", "columns", "redundant_policies", *COMMANDS}
    extra = set(raw) - known
    if extra:
        raise _err(path, where, f"unknown key(s) {sorted(extra)}; allowed: {sorted(known)}")
    cells: dict[str, dict[str, str]] = {}
    personas: tuple[str, ...] | None = None
    for command in (c for c in COMMANDS if c in raw):
        row = raw[command]
        if not isinstance(row, Mapping):
            raise _err(path, f"{where}.{command}", "expected an inline table {persona = outcome}")
        cells[command] = {
            _persona(path, f"{where}.{command}", p): _outcome(path, f"{where}.{command}.{p}", o)
            for p, o in row.items()
        }
        these = tuple(p for p in PERSONAS if p in cells[command])
        if personas is None:
            personas = these
        elif these != personas:
            raise _err(
                path,
                f"{where}.{command}",
                f"personas {list(these)} differ from the other commands' {list(personas)}",
            )
    missing = [c for c in COMMANDS if c not in raw]
    if missing:
        raise _err(path, where, f"missing command(s) {missing}")
    assert personas is not None
    for required in ("anon", "other", "service_role"):
        if required not in personas:
            raise _err(path, where, f"persona {required!r} is required on every table")
    columns = []
    for col, spec in (raw.get("columns") or {}).items():
        cw = f"{where}.columns.{col}"
        if not isinstance(spec, Mapping) or "value" not in spec or "update" not in spec:
            raise _err(
                path, cw, 'expected { value = "<sql literal>", update = {persona = outcome} }'
            )
        extra = set(spec) - {"value", "update"}
        if extra:
            raise _err(path, cw, f"unknown key(s) {sorted(extra)}")
        upd = {
            _persona(path, cw, p): _outcome(path, f"{cw}.{p}", o) for p, o in spec["update"].items()
        }
        for p in upd:
            if p not in personas:
                raise _err(path, cw, f"persona {p!r} is not one of the table's personas")
        columns.append(ColumnRule(col, str(spec["value"]), upd))
    redundant = raw.get("redundant_policies", {})
    if not isinstance(redundant, Mapping) or not all(
        isinstance(v, str) for v in redundant.values()
    ):
        raise _err(
            path, f"{where}.redundant_policies", 'expected { policy_name = "why it is kept" }'
        )
    return TableEntry(
        name,
        str(raw.get("about", "")),
        personas,
        cells,
        tuple(columns),
        dict(redundant),
    )


def _function(path: str, key: str, raw: Mapping[str, Any]) -> FunctionEntry:
    where = f"functions.{key}"
    known = {"about", "trigger", "call", "refusal", *PERSONAS}
    extra = set(raw) - known
    if extra:
        raise _err(path, where, f"unknown key(s) {sorted(extra)}; allowed: {sorted(known)}")
    trigger = bool(raw.get("trigger", False))
    callers = {
        p: _outcome(path, f"{where}.{p}", raw[p], FUNCTION_OUTCOMES) for p in PERSONAS if p in raw
    }
    call = raw.get("call")
    if not trigger:
        if not call:
            raise _err(path, where, "a callable function needs `call` (the probe call)")
        for required in ("anon", "service_role"):
            if required not in callers:
                raise _err(path, where, f"persona {required!r} is required")
        if not any(p in callers for p in CLIENT_PERSONAS):
            raise _err(path, where, "name at least one signed-in persona (owner/other/...)")
    elif callers:
        raise _err(path, where, "a trigger function has no callers; describe its refusal instead")
    refusals = []
    raw_ref = raw.get("refusal", [])
    for i, r in enumerate([raw_ref] if isinstance(raw_ref, Mapping) else raw_ref):
        rw = f"{where}.refusal[{i}]"
        if set(r) - {"as", "call", "expect"} or not {"as", "call", "expect"} <= set(r):
            raise _err(
                path, rw, 'expected { as = persona, call = "sql", expect = "SQLSTATE|value" }'
            )
        refusals.append(Refusal(_persona(path, rw, r["as"]), str(r["call"]), str(r["expect"])))
    return FunctionEntry(
        qualify(key), str(raw.get("about", "")), trigger, call, callers, tuple(refusals)
    )


def loads(text: str, path: str = "<matrix>") -> Matrix:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MatrixError(f"{path}: {exc}") from exc
    extra = set(raw) - {"meta", "tables", "functions", "known_issues"}
    if extra:
        raise MatrixError(f"{path}: unknown top-level key(s) {sorted(extra)}")
    meta = raw.get("meta", {})
    schemas = tuple(meta.get("exposed_schemas", ["public"]))
    tables = {}
    for key, body in (raw.get("tables") or {}).items():
        entry = _table(path, key, body)
        tables[entry.name] = entry
    functions = {}
    for key, body in (raw.get("functions") or {}).items():
        entry = _function(path, key, body)
        functions[entry.name] = entry
    issues = raw.get("known_issues", {})
    if not isinstance(issues, Mapping) or not all(isinstance(v, str) for v in issues.values()):
        raise MatrixError(f'{path}: [known_issues] expects "table:command:persona" = "reason"')
    for key in issues:
        parts = key.split(":")
        if len(parts) != 3:
            raise MatrixError(
                f"{path}: [known_issues] key {key!r} is not table:command[.column]:persona"
            )
        t, c, p = parts
        if qualify(t) not in tables and qualify(t) not in functions:
            raise MatrixError(f"{path}: [known_issues] {key!r} names an unknown table or function")
    return Matrix(path, schemas, tables, functions, {_issue_key(k): v for k, v in issues.items()})


def _issue_key(key: str) -> str:
    t, c, p = key.split(":")
    return f"{qualify(t)}:{c}:{p}"


def load(path: Path | str) -> Matrix:
    """Read and validate a matrix file."""
    p = Path(path)
    try:
        text = p.read_text()
    except OSError as exc:
        raise MatrixError(f"cannot read matrix {p}: {exc}") from exc
    return loads(text, str(p))


def default_path(project_root: Path) -> Path:
    return project_root / "tests" / "rls" / "matrix.toml"
