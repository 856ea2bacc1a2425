"""The declarative access matrix (tests/rls/matrix.toml): load and validate, never connect.

A DBA reads the TOML; this module turns it into frozen dataclasses and rejects
anything it does not understand (unknown table keys, personas, commands or
outcome words are errors, not silently ignored cases). The matrix declares its
personas (`[personas]`) and outcome words (`[outcomes]`, predicates over probe-row
labels), and names the project's probe world and probe rows (`[meta] world`,
`probes`, relative to the matrix file), which `load` reads with it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from toolkit.errors import ConfigError, ProjectError
from toolkit.rls.probes import Labels, Statement, TableProbe, load_probes, load_world

COMMANDS = ("select", "insert", "update", "delete", "truncate")
ROLES = ("anon", "authenticated", "service_role")

# Outcome words every matrix has; the others are declared by the matrix as predicates
# over a probe row's labels. The executed matrix compares the set of probe rows where
# the command worked with the set a word selects (see docs/rls.md).
ALLOWED, DENIED, INVISIBLE = "allowed", "denied", "invisible"
BUILTIN_OUTCOMES = {
    ALLOWED: "every probe row (other users' private rows included)",
    DENIED: "every attempt raises 42501 (no privilege or a policy check violation)",
    INVISIBLE: "no error, zero rows (RLS filters every probe row out)",
}
FUNCTION_OUTCOMES = (ALLOWED, DENIED)


class MatrixError(ConfigError, ValueError):
    """The matrix file is malformed or names something unknown."""


@dataclass(frozen=True)
class PersonaDef:
    """Who runs a command: a database role and, for `authenticated`, a world user."""

    name: str
    role: str
    user: str | None = None
    required: bool = False
    about: str = ""


@dataclass(frozen=True)
class Word:
    """An outcome word: the probe rows where any of `rows` (relations) holds for the persona."""

    name: str
    rows: tuple[str, ...]
    about: str = ""


@dataclass(frozen=True)
class Vocabulary:
    """The matrix's personas and outcome words (declaration order is display order)."""

    personas: Mapping[str, PersonaDef]
    words: Mapping[str, Word]

    @property
    def outcomes(self) -> dict[str, str]:
        """Every outcome word -> what it promises."""
        declared = {
            w.name: w.about or f"rows where {' or '.join(w.rows)}" for w in self.words.values()
        }
        return {
            ALLOWED: BUILTIN_OUTCOMES[ALLOWED],
            **declared,
            DENIED: BUILTIN_OUTCOMES[DENIED],
            INVISIBLE: BUILTIN_OUTCOMES[INVISIBLE],
        }

    def user(self, persona: str) -> str | None:
        """The world user a persona acts as (None: no JWT subject)."""
        return self.personas[persona].user

    def of_role(self, role: str) -> tuple[str, ...]:
        return tuple(p.name for p in self.personas.values() if p.role == role)

    def selects(self, word: str, labels: Labels, persona: str) -> bool:
        """Does the outcome word select this probe row for this persona?"""
        if word == ALLOWED:
            return True
        if word in (DENIED, INVISIBLE):
            return False
        user = self.user(persona)
        return any(labels.holds(relation, user) for relation in self.words[word].rows)


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
    """A project's RLS specification: the matrix, its vocabulary, world and probe rows."""

    path: str
    exposed_schemas: tuple[str, ...]
    vocabulary: Vocabulary
    tables: Mapping[str, TableEntry]
    functions: Mapping[str, FunctionEntry]
    known_issues: Mapping[str, str] = field(default_factory=dict)  # case key -> reason
    world: tuple[Statement, ...] = ()
    probes: Mapping[str, TableProbe] = field(default_factory=dict)
    world_path: str = ""
    probes_path: str = ""
    cascades: Mapping[str, str] = field(default_factory=dict)  # "s.a->s.b->..." -> reason

    def table(self, name: str) -> TableEntry:
        return self.tables[qualify(name)]

    @property
    def personas(self) -> tuple[str, ...]:
        return tuple(self.vocabulary.personas)

    def personas_of(self, table: str) -> tuple[str, ...]:
        """The personas a table's cases run as (all of them for a table the matrix lacks)."""
        entry = self.tables.get(table)
        return entry.personas if entry else self.personas


def qualify(name: str) -> str:
    """`t` -> `public.t`; `public.f(uuid)` unchanged."""
    head = name.split("(", 1)[0]
    return name if "." in head else f"public.{name}"


def _err(path: str, where: str, msg: str) -> MatrixError:
    return MatrixError(f"{path}: [{where}] {msg}")


class _Reader:
    """Validates one matrix file against its own vocabulary."""

    def __init__(self, path: str, vocabulary: Vocabulary) -> None:
        self.path = path
        self.vocabulary = vocabulary
        self.personas = tuple(vocabulary.personas)

    def outcome(self, where: str, word: Any, allowed: tuple[str, ...] | None = None) -> str:
        choices = allowed or tuple(self.vocabulary.outcomes)
        if not isinstance(word, str) or word not in choices:
            raise _err(
                self.path, where, f"unknown outcome {word!r}; use one of: {', '.join(choices)}"
            )
        return word

    def persona(self, where: str, name: Any) -> str:
        if name not in self.personas:
            raise _err(
                self.path,
                where,
                f"unknown persona {name!r}; use one of: {', '.join(self.personas)}",
            )
        return str(name)

    def table(self, key: str, raw: Mapping[str, Any]) -> TableEntry:
        path = self.path
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
                raise _err(
                    path, f"{where}.{command}", "expected an inline table {persona = outcome}"
                )
            cells[command] = {
                self.persona(f"{where}.{command}", p): self.outcome(f"{where}.{command}.{p}", o)
                for p, o in row.items()
            }
            these = tuple(p for p in self.personas if p in cells[command])
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
        for required in (p.name for p in self.vocabulary.personas.values() if p.required):
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
                self.persona(cw, p): self.outcome(f"{cw}.{p}", o) for p, o in spec["update"].items()
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
            name, str(raw.get("about", "")), personas, cells, tuple(columns), dict(redundant)
        )

    def function(self, key: str, raw: Mapping[str, Any]) -> FunctionEntry:
        path = self.path
        where = f"functions.{key}"
        known = {"about", "trigger", "call", "refusal", *self.personas}
        extra = set(raw) - known
        if extra:
            raise _err(path, where, f"unknown key(s) {sorted(extra)}; allowed: {sorted(known)}")
        trigger = bool(raw.get("trigger", False))
        callers = {
            p: self.outcome(f"{where}.{p}", raw[p], FUNCTION_OUTCOMES)
            for p in self.personas
            if p in raw
        }
        call = raw.get("call")
        personas = self.vocabulary.personas.values()
        if not trigger:
            if not call:
                raise _err(path, where, "a callable function needs `call` (the probe call)")
            for required in (p.name for p in personas if p.required and p.user is None):
                if required not in callers:
                    raise _err(path, where, f"persona {required!r} is required")
            signed_in = [p.name for p in personas if p.user is not None]
            if not any(p in callers for p in signed_in):
                raise _err(
                    path, where, f"name at least one signed-in persona ({'/'.join(signed_in)})"
                )
        elif callers:
            raise _err(
                path, where, "a trigger function has no callers; describe its refusal instead"
            )
        refusals = []
        raw_ref = raw.get("refusal", [])
        for i, r in enumerate([raw_ref] if isinstance(raw_ref, Mapping) else raw_ref):
            rw = f"{where}.refusal[{i}]"
            if set(r) - {"as", "call", "expect"} or not {"as", "call", "expect"} <= set(r):
                raise _err(
                    path, rw, 'expected { as = persona, call = "sql", expect = "SQLSTATE|value" }'
                )
            refusals.append(Refusal(self.persona(rw, r["as"]), str(r["call"]), str(r["expect"])))
        return FunctionEntry(
            qualify(key), str(raw.get("about", "")), trigger, call, callers, tuple(refusals)
        )


def _vocabulary(path: str, raw: Mapping[str, Any]) -> Vocabulary:
    personas: dict[str, PersonaDef] = {}
    for name, spec in (raw.get("personas") or {}).items():
        where = f"personas.{name}"
        if not isinstance(spec, Mapping) or set(spec) - {"role", "user", "required", "about"}:
            raise _err(
                path, where, 'expected { role = "...", user = "<world user>", required = true }'
            )
        role, user = spec.get("role"), spec.get("user")
        if role not in ROLES:
            raise _err(path, where, f"role {role!r}: use one of {', '.join(ROLES)}")
        if (role == "authenticated") != isinstance(user, str):
            raise _err(path, where, "an authenticated persona names its world `user`; others none")
        personas[name] = PersonaDef(
            name, role, user, bool(spec.get("required", False)), str(spec.get("about", ""))
        )
    if not personas:
        raise MatrixError(f'{path}: [personas] declares nobody (e.g. anon = {{ role = "anon" }})')
    words: dict[str, Word] = {}
    for name, spec in (raw.get("outcomes") or {}).items():
        where = f"outcomes.{name}"
        rows = spec.get("rows") if isinstance(spec, Mapping) else None
        if (
            name in BUILTIN_OUTCOMES
            or set(spec) - {"rows", "about"}
            or not isinstance(rows, list)
            or not rows
            or not all(isinstance(r, str) for r in rows)
        ):
            raise _err(path, where, 'expected { rows = ["<relation>", ...], about = "..." }')
        words[name] = Word(name, tuple(rows), str(spec.get("about", "")))
    return Vocabulary(personas, words)


def loads(text: str, path: str = "<matrix>") -> Matrix:
    """Parse and validate a matrix text (its world and probe files are not read)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MatrixError(f"{path}: {exc}") from exc
    extra = set(raw) - {
        "meta",
        "personas",
        "outcomes",
        "tables",
        "functions",
        "known_issues",
        "cascades",
    }
    if extra:
        raise MatrixError(f"{path}: unknown top-level key(s) {sorted(extra)}")
    meta = raw.get("meta", {})
    if set(meta) - {"exposed_schemas", "world", "probes"}:
        raise MatrixError(f"{path}: [meta] knows exposed_schemas, world, probes")
    schemas = tuple(meta.get("exposed_schemas", ["public"]))
    reader = _Reader(path, _vocabulary(path, raw))
    tables = {}
    for key, body in (raw.get("tables") or {}).items():
        entry = reader.table(key, body)
        tables[entry.name] = entry
    functions = {}
    for key, body in (raw.get("functions") or {}).items():
        entry = reader.function(key, body)
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
    return Matrix(
        path,
        schemas,
        reader.vocabulary,
        tables,
        functions,
        {_issue_key(k): v for k, v in issues.items()},
        world_path=str(meta.get("world", "world.sql")),
        probes_path=str(meta.get("probes", "probes.toml")),
        cascades=_cascades(path, raw.get("cascades", {}), tables),
    )


def _cascades(path: str, raw: Any, tables: Mapping[str, TableEntry]) -> dict[str, str]:
    """`[cascades."a->b->c"] reason = "..."`: accepted chains of ON DELETE actions."""
    if not isinstance(raw, Mapping):
        raise MatrixError(f'{path}: [cascades] expects [cascades."table->table"] entries')
    out = {}
    for key, body in raw.items():
        where = f'cascades."{key}"'
        names = [qualify(t.strip()) for t in key.split("->")]
        if len(names) < 2:
            raise _err(path, where, "expected a chain of tables: parent->child[->grandchild...]")
        unknown = [n for n in names if n not in tables]
        if unknown:
            raise _err(path, where, f"names table(s) not in the matrix: {', '.join(unknown)}")
        reason = body.get("reason") if isinstance(body, Mapping) else None
        if not isinstance(reason, str) or not reason.strip() or set(body) != {"reason"}:
            raise _err(path, where, 'expected exactly { reason = "why this cascade is right" }')
        out["->".join(names)] = reason
    return out


def _issue_key(key: str) -> str:
    t, c, p = key.split(":")
    return f"{qualify(t)}:{c}:{p}"


def load(path: Path | str) -> Matrix:
    """Read and validate a matrix file with the world and probe files it names."""
    p = Path(path)
    try:
        text = p.read_text()
    except OSError as exc:
        raise MatrixError(f"cannot read matrix {p}: {exc}") from exc
    matrix = loads(text, str(p))
    world_path, probes_path = p.parent / matrix.world_path, p.parent / matrix.probes_path
    try:
        world = load_world(world_path)
        probes = load_probes(probes_path, qualify)
    except ProjectError as exc:  # a parse error of the world file
        raise MatrixError(str(exc)) from exc
    _check_probes(matrix, world, probes, str(probes_path))
    return replace(
        matrix,
        world=world,
        probes=probes,
        world_path=str(world_path),
        probes_path=str(probes_path),
    )


def _check_probes(
    matrix: Matrix, world: tuple[Statement, ...], probes: Mapping[str, TableProbe], path: str
) -> None:
    """Every probe row is a world row; every persona named by a candidate exists."""
    rows = {s.label for s in world if s.label}
    for probe in probes.values():
        for target in probe.targets:
            if target.row not in rows:
                raise MatrixError(
                    f"{path}: [tables.{probe.table}] row {target.row!r} is not a world row (@label)"
                )
        for cand in probe.inserts:
            for persona in cand.personas or ():
                if persona not in matrix.vocabulary.personas:
                    raise MatrixError(
                        f"{path}: [tables.{probe.table}] insert {cand.name!r}: unknown persona "
                        f"{persona!r}"
                    )


def default_path(project_root: Path) -> Path:
    return project_root / "tests" / "rls" / "matrix.toml"


def load_project(project_root: Path) -> Matrix:
    """The RLS specification of the project at `project_root` (matrix, world, probe rows)."""
    return load(default_path(project_root))
