"""TypeScript types for supabase-js, generated from the live catalog.

The output has the shape of `supabase gen types typescript` (Supabase's postgres-meta
generator): one `Database` type with, per exposed schema, `Tables` (Row / Insert / Update /
Relationships), `Views`, `Functions` (Args / Returns), `Enums` and `CompositeTypes`, then
the helper types `Tables<>`, `TablesInsert<>`, `TablesUpdate<>`, `Enums<>`,
`CompositeTypes<>` and the `Constants` object of enum values. Where it differs, it is
stricter, because it reads what the API roles may do rather than what the table allows:

- only relations and functions that one of the API roles can reach are listed;
- a column those roles may not insert (update) is `?: never` in Insert (Update), as are
  identity ALWAYS and generated columns, so a write PostgREST would refuse does not compile;
- a function's OUT parameters, like RETURNS TABLE columns, give its row type.

Reading is `read_catalog` (SQL in `toolkit/queries/types/*.sql`), rendering `render`; the
mapping of PostgreSQL types to TypeScript is `ts_type`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg.rows import dict_row

from toolkit import queries
from toolkit.errors import UsageError

if TYPE_CHECKING:
    from toolkit.db import Target
    from toolkit.project import Project

DEFAULT_OUTPUT = "types/database.ts"
DEFAULT_SCHEMA = "public"
"""The schema the helper types (`Tables<"t">` …) read when none is named."""

SCALARS = {
    "bool": "boolean",
    **dict.fromkeys(("int2", "int4", "int8", "float4", "float8", "numeric"), "number"),
    **dict.fromkeys(
        (
            "bytea", "bpchar", "varchar", "text", "citext", "uuid", "date", "time", "timetz",
            "timestamp", "timestamptz", "interval", "vector", "halfvec", "sparsevec",
        ),
        "string",
    ),
    "json": "Json",
    "jsonb": "Json",
    "void": "undefined",
    "record": "Record<string, unknown>",
}  # fmt: skip
"""PostgreSQL base types by name and the TypeScript type of their JSON form as PostgREST
sends it (numbers for every numeric type, strings for dates, uuids and pgvector's types).
Any other type is `unknown`."""

UNNAMED_ARG_TYPES = {"json", "jsonb", "text"}
"""PostgREST calls a function with one unnamed argument of these types with the whole
request body; any other unnamed argument cannot be passed by name."""

INPUT_MODES = ("i", "b", "v")
OUTPUT_MODES = ("o", "b", "t")


@dataclass(frozen=True)
class PgType:
    id: int
    schema_name: str
    name: str
    kind: str
    element_id: int | None
    base_id: int | None
    relation_id: int | None
    relation_kind: str
    labels: tuple[str, ...]
    attributes: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Column:
    name: str
    type_id: int
    is_nullable: bool
    has_default: bool
    identity_kind: str  # '' | 'a' (always) | 'd' (by default)
    generated_kind: str  # '' | 's' (stored) | 'v' (virtual)
    is_updatable: bool
    can_select: bool
    can_insert: bool
    can_update: bool

    @property
    def always_generated(self) -> bool:
        """PostgreSQL computes the value: an insert or update that sets it fails."""
        return self.identity_kind == "a" or self.generated_kind != ""


@dataclass(frozen=True)
class Relationship:
    name: str
    columns: tuple[str, ...]
    referenced_schema: str
    referenced_relation: str
    referenced_columns: tuple[str, ...]
    is_one_to_one: bool


@dataclass(frozen=True)
class Relation:
    id: int
    schema_name: str
    name: str
    kind: str  # r table, p partitioned, v view, m materialized view, f foreign table
    is_updatable: bool
    columns: tuple[Column, ...] = ()
    relationships: tuple[Relationship, ...] = ()

    @property
    def is_view(self) -> bool:
        return self.kind in ("v", "m")

    @property
    def writable(self) -> bool:
        """Whether the type gets Insert and Update (tables, auto-updatable views)."""
        return not self.is_view or (self.kind == "v" and self.is_updatable)


@dataclass(frozen=True)
class Arg:
    name: str
    mode: str
    type_id: int
    has_default: bool


@dataclass(frozen=True)
class Function:
    id: int
    schema_name: str
    name: str
    arguments: str
    result: str
    return_type_id: int
    returns_set: bool
    estimated_rows: float | None
    args: tuple[Arg, ...]

    @property
    def inputs(self) -> tuple[Arg, ...]:
        return tuple(a for a in self.args if a.mode in INPUT_MODES)

    @property
    def outputs(self) -> tuple[Arg, ...]:
        return tuple(a for a in self.args if a.mode in OUTPUT_MODES)


@dataclass(frozen=True)
class Catalog:
    """What the generator reads: the schemas' relations and functions and every type."""

    schemas: tuple[str, ...]
    roles: tuple[str, ...]
    relations: tuple[Relation, ...]
    functions: tuple[Function, ...]
    types: dict[int, PgType] = field(default_factory=dict)

    def in_schema(self, schema: str) -> tuple[tuple[Relation, ...], tuple[Function, ...]]:
        return (
            tuple(r for r in self.relations if r.schema_name == schema),
            tuple(f for f in self.functions if f.schema_name == schema),
        )


def read_catalog(conn: psycopg.Connection, schemas: Sequence[str], roles: Sequence[str]) -> Catalog:
    """Read the relations and functions of `schemas` that one of `roles` may reach (the
    functions PostgREST can call by argument name).

    Raises UsageError when a role does not exist or none of the schemas does."""
    if not roles:
        raise UsageError("mashdb types needs at least one API role")
    with conn.cursor(row_factory=dict_row) as cur:
        known = {
            r["rolname"]
            for r in cur.execute(
                "select rolname from pg_catalog.pg_roles where rolname = any(%s)", (list(roles),)
            )
        }
        missing = [r for r in roles if r not in known]
        if missing:
            raise UsageError(
                f"role {missing[0]} does not exist in the database "
                "(the API roles of mashdb.toml, or --role)"
            )
        present = {
            r["nspname"]
            for r in cur.execute(
                "select nspname from pg_catalog.pg_namespace where nspname = any(%s)",
                (list(schemas),),
            )
        }
        found = tuple(s for s in schemas if s in present)
        if not found:
            raise UsageError(
                f"none of the schemas {', '.join(schemas)} exists in the database "
                "(the exposed schemas of mashdb.toml, or --schema)"
            )
        params = {"schemas": list(found), "roles": list(roles)}
        rows = cur.execute(queries.load("types/relations"), params).fetchall()
        ids = [r["id"] for r in rows]
        columns: dict[int, list[Column]] = {i: [] for i in ids}
        for c in cur.execute(
            queries.load("types/columns"), {"relations": ids, "roles": list(roles)}
        ).fetchall():
            columns[c.pop("relation_id")].append(Column(**c))
        links: dict[int, list[Relationship]] = {i: [] for i in ids}
        for f in cur.execute(queries.load("types/relationships"), {"relations": ids}).fetchall():
            relation_id = f.pop("relation_id")
            links[relation_id].append(
                Relationship(
                    name=f["name"],
                    columns=tuple(f["columns"]),
                    referenced_schema=f["referenced_schema"],
                    referenced_relation=f["referenced_relation"],
                    referenced_columns=tuple(f["referenced_columns"]),
                    is_one_to_one=f["is_one_to_one"],
                )
            )
        relations = tuple(
            Relation(
                **r,
                columns=tuple(columns[r["id"]]),
                relationships=tuple(links[r["id"]]),
            )
            for r in rows
        )
        found_functions = [
            _function(f) for f in cur.execute(queries.load("types/functions"), params)
        ]
        types = {t["id"]: _type(t) for t in cur.execute(queries.load("types/types"))}
        functions = tuple(f for f in found_functions if callable_by_name(f, types))
    return Catalog(found, tuple(roles), relations, functions, types)


def callable_by_name(fn: Function, types: dict[int, PgType]) -> bool:
    """Whether PostgREST can call `fn` by its argument names (or with the request body
    as its one unnamed json/jsonb/text argument)."""
    inputs = fn.inputs
    unnamed = [a for a in inputs if not a.name]
    if not unnamed:
        return True

    def body(arg: Arg) -> bool:
        t = types.get(arg.type_id)
        return t is not None and t.kind == "b" and t.name in UNNAMED_ARG_TYPES

    if len(inputs) == 1 and body(inputs[0]):
        return True
    return all(a.has_default and body(a) for a in unnamed)


def _function(row: dict[str, Any]) -> Function:
    modes, names, type_ids = row.pop("arg_modes"), row.pop("arg_names"), row.pop("arg_types")
    defaults = row.pop("default_count")
    inputs = [i for i, mode in enumerate(modes) if mode in INPUT_MODES]
    with_default = set(inputs[len(inputs) - defaults :]) if defaults else set()
    args = tuple(
        Arg(names[i] or "", modes[i], type_ids[i], i in with_default) for i in range(len(modes))
    )
    return Function(**row, args=args)


def _type(row: dict[str, Any]) -> PgType:
    attributes = tuple(zip(row.pop("attribute_names"), row.pop("attribute_types"), strict=True))
    return PgType(**{**row, "labels": tuple(row["labels"])}, attributes=attributes)


# Rendering: a tiny model of TypeScript object types, printed two spaces per level.


@dataclass(frozen=True)
class Obj:
    """An object type: (property, type) pairs in order; a property carries its `?`."""

    fields: tuple[tuple[str, Node], ...] = ()


@dataclass(frozen=True)
class ArrayOf:
    item: Node


@dataclass(frozen=True)
class Tup:
    items: tuple[Node, ...] = ()


@dataclass(frozen=True)
class Union:
    members: tuple[Node, ...]


Node = str | Obj | ArrayOf | Tup | Union

NO_MEMBERS = Obj((("[_ in never]", "never"),))
"""The generator's empty group: a mapped type over no keys."""

_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")


def prop(name: str, optional: bool = False) -> str:
    """A property name as TypeScript needs it: bare when an identifier, else quoted."""
    key = name if _IDENTIFIER.fullmatch(name) else _string(name)
    return f"{key}?" if optional else key


def _string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _strings(values: Sequence[str]) -> str:
    return "[" + ", ".join(_string(v) for v in values) + "]"


def render_node(node: Node, level: int) -> str:
    """`node` as TypeScript, its first line continuing a line at `level` (2 spaces each)."""
    pad = "  " * level
    if isinstance(node, str):
        return node
    if isinstance(node, ArrayOf):
        return render_node(node.item, level) + "[]"
    if isinstance(node, Tup):
        if not node.items:
            return "[]"
        items = "".join(f"{pad}  {render_node(i, level + 1)},\n" for i in node.items)
        return f"[\n{items}{pad}]"
    if isinstance(node, Union):
        if len(node.members) == 1:
            return render_node(node.members[0], level)
        return "".join(f"\n{pad}  | {render_node(m, level + 2)}" for m in node.members)
    if not node.fields:
        return "{}"
    body = "".join(f"{pad}  {key}: {render_node(t, level + 1)}\n" for key, t in node.fields)
    return f"{{\n{body}{pad}}}"


def _group(members: dict[str, Node]) -> Obj:
    if not members:
        return NO_MEMBERS
    return Obj(tuple((prop(name), members[name]) for name in sorted(members)))


class _Schema:
    """The rendering of one schema of a catalog."""

    def __init__(self, catalog: Catalog, schema: str) -> None:
        self.catalog = catalog
        self.schema = schema
        self.relations, self.functions = catalog.in_schema(schema)
        self.by_id = {r.id: r for r in catalog.relations}

    def ts_type(self, type_id: int) -> str:
        """The TypeScript type of a value of PostgreSQL type `type_id` in PostgREST's JSON."""
        t = self.catalog.types.get(type_id)
        if t is None:
            return "unknown"
        if t.kind == "d" and t.base_id is not None:
            return self.ts_type(t.base_id)
        if t.element_id is not None:
            item = self.ts_type(t.element_id)
            return f"({item})[]" if "|" in item else f"{item}[]"
        exposed = t.schema_name in self.catalog.schemas
        if t.kind == "e":
            if exposed:
                return f'Database[{_string(t.schema_name)}]["Enums"][{_string(t.name)}]'
            return " | ".join(_string(v) for v in t.labels) or "never"
        if t.kind == "c":
            if t.relation_kind == "c":
                if exposed:
                    return (
                        f'Database[{_string(t.schema_name)}]["CompositeTypes"][{_string(t.name)}]'
                    )
                return "unknown"
            relation = self.by_id.get(t.relation_id or 0)
            if relation is None:
                return "unknown"
            group = "Views" if relation.is_view else "Tables"
            return (
                f"Database[{_string(relation.schema_name)}][{_string(group)}]"
                f'[{_string(relation.name)}]["Row"]'
            )
        if t.kind in ("b", "p"):
            return SCALARS.get(t.name, "unknown")
        return "unknown"

    def nullable(self, type_id: int, is_nullable: bool) -> str:
        ts = self.ts_type(type_id)
        return ts if not is_nullable or ts in ("unknown", "any") else f"{ts} | null"

    def row(self, relation: Relation) -> Obj:
        return Obj(
            tuple(
                (prop(c.name), self.nullable(c.type_id, c.is_nullable))
                for c in relation.columns
                if c.can_select
            )
        )

    def insert(self, relation: Relation) -> Obj:
        fields: list[tuple[str, Node]] = []
        for c in relation.columns:
            if c.always_generated or not c.is_updatable or not c.can_insert:
                fields.append((prop(c.name, True), "never"))
            elif relation.is_view:
                fields.append((prop(c.name, True), self.nullable(c.type_id, True)))
            else:
                optional = c.is_nullable or c.has_default or c.identity_kind != ""
                fields.append((prop(c.name, optional), self.nullable(c.type_id, c.is_nullable)))
        return Obj(tuple(fields))

    def update(self, relation: Relation) -> Obj:
        fields: list[tuple[str, Node]] = []
        for c in relation.columns:
            if c.always_generated or not c.is_updatable or not c.can_update:
                fields.append((prop(c.name, True), "never"))
            else:
                nullable = c.is_nullable or relation.is_view
                fields.append((prop(c.name, True), self.nullable(c.type_id, nullable)))
        return Obj(tuple(fields))

    def relationships(self, relation: Relation) -> Tup:
        links = sorted(
            (r for r in relation.relationships if r.referenced_schema == relation.schema_name),
            key=lambda r: (r.name, r.referenced_relation, r.referenced_columns),
        )
        return Tup(
            tuple(
                Obj(
                    (
                        ("foreignKeyName", _string(r.name)),
                        ("columns", _strings(r.columns)),
                        ("isOneToOne", "true" if r.is_one_to_one else "false"),
                        ("referencedRelation", _string(r.referenced_relation)),
                        ("referencedColumns", _strings(r.referenced_columns)),
                    )
                )
                for r in links
            )
        )

    def relation(self, relation: Relation) -> Obj:
        parts: list[tuple[str, Node]] = [("Row", self.row(relation))]
        if relation.writable:
            parts += [("Insert", self.insert(relation)), ("Update", self.update(relation))]
        parts.append(("Relationships", self.relationships(relation)))
        return Obj(tuple(parts))

    def signature(self, fn: Function) -> Obj:
        inputs = sorted(fn.inputs, key=lambda a: a.name)
        args: Node = (
            Obj(tuple((prop(a.name, a.has_default), self.ts_type(a.type_id)) for a in inputs))
            if inputs
            else "never"
        )
        returns: Node
        result_type = self.catalog.types.get(fn.return_type_id)
        outputs = sorted(fn.outputs, key=lambda a: a.name)
        relation = self.by_id.get(result_type.relation_id or 0) if result_type else None
        if outputs and result_type is not None and result_type.name == "record":
            returns, relation = (
                Obj(tuple((prop(a.name), self.ts_type(a.type_id)) for a in outputs)),
                None,
            )
        elif relation is not None:
            returns = Obj(
                tuple(
                    (prop(c.name), self.nullable(c.type_id, c.is_nullable))
                    for c in relation.columns
                    if c.can_select
                )
            )
        else:
            returns = self.ts_type(fn.return_type_id)
        many = fn.estimated_rows is not None and fn.estimated_rows > 1
        if fn.returns_set and (many or relation is None):
            returns = ArrayOf(returns)
        parts: list[tuple[str, Node]] = [("Args", args), ("Returns", returns)]
        if relation is not None:
            parts.append(
                (
                    "SetofOptions",
                    Obj(
                        (
                            ("from", '"*"'),
                            ("to", _string(relation.name)),
                            ("isOneToOne", "false" if many else "true"),
                            ("isSetofReturn", "true" if fn.returns_set else "false"),
                        )
                    ),
                )
            )
        return Obj(tuple(parts))

    def functions_group(self) -> Obj:
        by_name: dict[str, list[Function]] = {}
        for fn in self.functions:
            by_name.setdefault(fn.name, []).append(fn)
        return _group(
            {
                name: Union(
                    tuple(
                        self.signature(f)
                        for f in sorted(fns, key=lambda f: (f.arguments, f.result))
                    )
                )
                for name, fns in by_name.items()
            }
        )

    def enums(self) -> dict[str, tuple[str, ...]]:
        return {
            t.name: t.labels
            for t in self.catalog.types.values()
            if t.kind == "e" and t.schema_name == self.schema
        }

    def composite_types(self) -> Obj:
        return _group(
            {
                t.name: Obj(
                    tuple(
                        (prop(name), self.nullable(type_id, True)) for name, type_id in t.attributes
                    )
                )
                for t in self.catalog.types.values()
                if t.kind == "c" and t.relation_kind == "c" and t.schema_name == self.schema
            }
        )

    def node(self) -> Obj:
        tables = {r.name: self.relation(r) for r in self.relations if not r.is_view}
        views = {r.name: self.relation(r) for r in self.relations if r.is_view}
        enums = {
            name: " | ".join(_string(v) for v in labels) or "never"
            for name, labels in self.enums().items()
        }
        return Obj(
            (
                ("Tables", _group(tables)),
                ("Views", _group(views)),
                ("Functions", self.functions_group()),
                ("Enums", _group(enums)),
                ("CompositeTypes", self.composite_types()),
            )
        )


JSON_TYPE = """export type Json =
  | string
  | number
  | boolean
  | null
  | { [key: string]: Json | undefined }
  | Json[]
"""

HELPERS = """type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">
type SchemaName = keyof DatabaseWithoutInternals
type InSchema = { schema: SchemaName }
type DefaultSchema = DatabaseWithoutInternals[__DEFAULT__]
type Relations<S extends SchemaName> = DatabaseWithoutInternals[S]["Tables"] &
  DatabaseWithoutInternals[S]["Views"]
type Part<Group, Name, P extends string> = Name extends keyof Group
  ? Group[Name] extends { [K in P]: infer T }
    ? T
    : never
  : never

/** A table's or view's Row: `Tables<"t">`, or `Tables<{ schema: "s" }, "t">`. */
export type Tables<
  NameOrSchema extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"]) | InSchema,
  Name extends NameOrSchema extends InSchema
    ? keyof Relations<NameOrSchema["schema"]>
    : never = never,
> = NameOrSchema extends InSchema
  ? Part<Relations<NameOrSchema["schema"]>, Name, "Row">
  : Part<DefaultSchema["Tables"] & DefaultSchema["Views"], NameOrSchema, "Row">

__WRITES____GROUPS__"""


WRITE_HELPER = """\
/** A table's {part}: `Tables{part}<"t">`, or `Tables{part}<{{ schema: "s" }}, "t">`. */
export type Tables{part}<
  NameOrSchema extends keyof DefaultSchema["Tables"] | InSchema,
  Name extends NameOrSchema extends InSchema
    ? keyof DatabaseWithoutInternals[NameOrSchema["schema"]]["Tables"]
    : never = never,
> = NameOrSchema extends InSchema
  ? Part<DatabaseWithoutInternals[NameOrSchema["schema"]]["Tables"], Name, "{part}">
  : Part<DefaultSchema["Tables"], NameOrSchema, "{part}">

"""

GROUP_HELPER = """\
/** {what}: `{group}<"{x}">`, or `{group}<{{ schema: "s" }}, "{x}">`. */
export type {group}<
  NameOrSchema extends keyof DefaultSchema["{group}"] | InSchema,
  Name extends NameOrSchema extends InSchema
    ? keyof DatabaseWithoutInternals[NameOrSchema["schema"]]["{group}"]
    : never = never,
> = NameOrSchema extends InSchema
  ? DatabaseWithoutInternals[NameOrSchema["schema"]]["{group}"][Name]
  : NameOrSchema extends keyof DefaultSchema["{group}"]
    ? DefaultSchema["{group}"][NameOrSchema]
    : never
"""


def render(catalog: Catalog, command: str = "mashdb types") -> str:
    """The TypeScript module for `catalog`; `command` is how the header says to regenerate."""
    schemas = sorted(catalog.schemas)
    parts = [_Schema(catalog, s) for s in schemas]
    database = render_node(Obj(tuple((prop(p.schema), p.node()) for p in parts)), 0)
    default = DEFAULT_SCHEMA if DEFAULT_SCHEMA in schemas else schemas[0]
    header = (
        f"// Generated by `mashdb types` from the database catalog: do not edit by hand.\n"
        f"// Regenerate after changing the schema: {command}\n"
        f"// Schemas {', '.join(schemas)}, as the roles {', '.join(catalog.roles)} may use them.\n"
    )
    return (
        f"{header}\n{JSON_TYPE}\nexport type Database = {database}\n\n"
        f"{_helpers(default)}\n"
        f"{_constants(parts)}\n"
    )


def _helpers(default_schema: str) -> str:
    writes = "".join(WRITE_HELPER.format(part=part) for part in ("Insert", "Update"))
    groups = "\n".join(
        GROUP_HELPER.format(what=what, group=group, x=x)
        for what, group, x in (
            ("An enum's values", "Enums", "e"),
            ("A composite type", "CompositeTypes", "c"),
        )
    )
    return (
        HELPERS.replace("__DEFAULT__", _string(default_schema))
        .replace("__WRITES__", writes)
        .replace("__GROUPS__", groups)
    )


def _constants(parts: Sequence[_Schema]) -> str:
    """The `Constants` object: each schema's enum labels, as values."""
    lines = ["export const Constants = {"]
    for part in parts:
        enums = sorted(part.enums().items())
        lines.append(f"  {prop(part.schema)}: {{")
        if enums:
            lines.append("    Enums: {")
            lines += [f"      {prop(name)}: {_strings(labels)}," for name, labels in enums]
            lines.append("    },")
        else:
            lines.append("    Enums: {},")
        lines.append("  },")
    lines.append("} as const")
    return "\n".join(lines)


def generate(
    conn: psycopg.Connection,
    schemas: Sequence[str],
    roles: Sequence[str],
    command: str = "mashdb types",
) -> tuple[str, Catalog]:
    """Read the catalog through `conn` and render it; returns the text and the catalog."""
    catalog = read_catalog(conn, schemas, roles)
    return render(catalog, command), catalog


@dataclass(frozen=True)
class Result:
    """What `mashdb types` produced: the text, where it went, and what it covers."""

    text: str
    catalog: Catalog
    path: Path | None  # None: the caller prints the text
    up_to_date: bool | None = None  # with check: whether the file already held this text

    def summary(self) -> str:
        tables = sum(not r.is_view for r in self.catalog.relations)
        views = len(self.catalog.relations) - tables
        functions = len({(f.schema_name, f.name) for f in self.catalog.functions})
        enums = sum(
            t.kind == "e" and t.schema_name in self.catalog.schemas
            for t in self.catalog.types.values()
        )
        return (
            f"{tables} tables, {views} views, {functions} functions, {enums} enums "
            f"(schemas {', '.join(self.catalog.schemas)}; roles {', '.join(self.catalog.roles)})"
        )


def header_command(output: str | None) -> str:
    """The command the file's header tells a reader to run to regenerate it."""
    return "mashdb types" if output is None else f"mashdb types --output {output}"


def generate_types(
    target: Target,
    project: Project,
    *,
    output: str | None = None,
    schemas: Sequence[str] = (),
    roles: Sequence[str] = (),
    check: bool = False,
) -> Result:
    """Generate the project's types from `target`, which must be at the code's head.

    `output`: a path (default `types/database.ts` under the project root) or `-` for the
    caller to print. `schemas` and `roles` default to mashdb.toml's exposed schemas and API
    roles. With `check`, nothing is written: `up_to_date` says whether the file is current.
    """
    from toolkit import security
    from toolkit.db import connect
    from toolkit.rls.runner import require_current

    if check and output == "-":
        raise UsageError("--check compares a file: give --output PATH, not -")
    config = security.load(project.root)
    require_current(target, project)
    with connect(target.url) as conn:
        catalog = read_catalog(conn, schemas or config.exposed_schemas, roles or config.api_roles)
    text = render(catalog, header_command(output))
    if output == "-":
        return Result(text, catalog, None)
    path = Path(output) if output else project.root / DEFAULT_OUTPUT
    if check:
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        return Result(text, catalog, path, up_to_date=current == text)
    if path.is_dir():
        raise UsageError(f"--output {path} is a directory: give a file path")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return Result(text, catalog, path)
