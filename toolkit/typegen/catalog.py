"""What `mashdb types` reads: the relations, columns, functions and types the API roles can
reach, and the mapping of PostgreSQL types to TypeScript."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg.rows import dict_row

from toolkit import queries
from toolkit.errors import UsageError

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
