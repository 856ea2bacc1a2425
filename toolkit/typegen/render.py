"""Printing a catalog as the `Database` type: a tiny model of TypeScript object types, the
per-schema groups, and the helper types and `Constants` after them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from toolkit.typegen.catalog import DEFAULT_SCHEMA, SCALARS, Catalog, Function, Relation

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
