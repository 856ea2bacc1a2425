"""Generated rows for a scratch database: N rows in every table of the exposed schemas and
in the tables they reference, so that a migration executed under load scans, rewrites and
locks tables of a realistic size. Generic: everything comes from the catalog.

How a row is made (row g of N, one INSERT … SELECT per table, tables in foreign-key order):
- a column with a default, an identity or a generated expression keeps it;
- a foreign key takes the key of a row of the referenced table (the k-th foreign key of a
  table walks the parent's rows with its own stride, so (user, mashup) pairs differ);
- another NOT NULL column gets a value of its type that varies with g (a CHECK of the form
  `col in ('a', 'b')` is cycled through); nullable columns stay NULL;
- rows failing a CHECK over generated columns are filtered out, duplicates of a unique key
  skipped (`on conflict do nothing`), so a table may get fewer than N rows (reported).
Triggers and foreign-key triggers are off while loading when the role may set
`session_replication_role` (a superuser: the embedded server); otherwise they fire, and a
table whose triggers refuse generated rows is reported with the error and left with fewer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import psycopg
from psycopg import sql

_TABLES = """
with recursive wanted as (
  select c.oid
  from pg_catalog.pg_class as c
  inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
  where n.nspname = any(%(schemas)s) and c.relkind in ('r', 'p') and not c.relispartition
    and (%(only)s::text[] is null or format('%%I.%%I', n.nspname, c.relname) = any(%(only)s))
    and not exists (select from pg_catalog.pg_depend as d
                    where d.objid = c.oid and d.deptype = 'e')
  union
  select k.confrelid
  from wanted as w
  inner join pg_catalog.pg_constraint as k on k.conrelid = w.oid and k.contype = 'f'
)
select w.oid, format('%%I.%%I', n.nspname, c.relname)
from wanted as w
inner join pg_catalog.pg_class as c on w.oid = c.oid
inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
order by 2
"""

_COLUMNS = """
select a.attnum, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
  coalesce(nullif(t.typbasetype, 0), a.atttypid)::regtype::text,
  coalesce(b.typtype, t.typtype), coalesce(b.typcategory, t.typcategory),
  a.attnotnull, a.atthasdef or a.attidentity <> '' or a.attgenerated <> ''
from pg_catalog.pg_attribute as a
inner join pg_catalog.pg_type as t on a.atttypid = t.oid
left join pg_catalog.pg_type as b on t.typbasetype = b.oid
where a.attrelid = %(rel)s and a.attnum > 0 and not a.attisdropped
order by a.attnum
"""

_FOREIGN_KEYS = """
select k.conkey, k.confkey, k.confrelid,
  (select array_agg(a.attname order by u.i) from unnest(k.confkey) with ordinality as u(n, i)
   inner join pg_catalog.pg_attribute as a on a.attrelid = k.confrelid and a.attnum = u.n)
from pg_catalog.pg_constraint as k
where k.conrelid = %(rel)s and k.contype = 'f'
order by k.conname
"""

_CHECKS = """
select k.conkey, pg_catalog.pg_get_constraintdef(k.oid)
from pg_catalog.pg_constraint as k
where k.conrelid = %(rel)s and k.contype = 'c'
"""

_CHOICES = re.compile(r"^CHECK \(\(?\(?(\w+)\)?(?:::text)? = ANY \(\(?ARRAY\[(.*)\]\)?")
_LITERAL = re.compile(r"'((?:[^']|'')*)'")


@dataclass
class Table:
    """One table to fill, with what the generator learned about it."""

    oid: int
    name: str  # schema.table, quoted where needed
    rows: int = 0  # rows it holds after generation
    note: str = ""  # why it got fewer rows than asked, when it did
    parents: list[int] = field(default_factory=list)


def generate_rows(
    conn: psycopg.Connection,
    rows: int,
    schemas: Sequence[str],
    *,
    only: Sequence[str] | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> list[Table]:
    """Insert `rows` generated rows into every table of `schemas` (or only the `schema.table`s
    of `only` there) and the tables they reference (on `conn`, an autocommit connection to
    a scratch database); return the tables in load order with the rows each now holds."""
    found = conn.execute(
        _TABLES, {"schemas": list(schemas), "only": list(only) if only else None}
    ).fetchall()
    tables = {oid: Table(oid, name) for oid, name in found}
    for table in tables.values():
        table.parents = [
            r[2] for r in conn.execute(_FOREIGN_KEYS, {"rel": table.oid}) if r[2] != table.oid
        ]
    ordered = _load_order(tables)
    replica = triggers_off(conn)
    keys: dict = {}
    try:
        for i, table in enumerate(ordered, 1):
            progress(f"generating rows: {table.name} ({i}/{len(ordered)}, {rows:,} rows)")
            _fill(conn, table, rows, keys)
    finally:
        if replica:
            conn.execute("reset session_replication_role")
        for name, _rows in keys.values():
            conn.execute(sql.SQL("drop table if exists {}").format(sql.Identifier(name)))
    progress(f"analysing {len(ordered)} tables")
    for table in ordered:
        conn.execute(sql.SQL("analyze {}").format(sql.SQL(table.name)))
    return ordered


def _load_order(tables: dict[int, Table]) -> list[Table]:
    """Parents before children (a foreign-key cycle is broken where it is met)."""
    done: dict[int, Table] = {}
    visiting: set[int] = set()

    def visit(oid: int) -> None:
        if oid in done or oid in visiting or oid not in tables:
            return
        visiting.add(oid)
        for parent in tables[oid].parents:
            visit(parent)
        visiting.discard(oid)
        done[oid] = tables[oid]

    for oid in tables:
        visit(oid)
    return list(done.values())


def triggers_off(conn: psycopg.Connection) -> bool:
    """Turn triggers (and foreign-key checks) off on `conn` when the role may; say whether."""
    try:
        conn.execute("set session_replication_role = replica")
    except psycopg.errors.InsufficientPrivilege:
        return False
    return True


def _fill(conn: psycopg.Connection, table: Table, rows: int, keys: dict) -> None:
    columns = conn.execute(_COLUMNS, {"rel": table.oid}).fetchall()
    names = {num: name for num, name, *_ in columns}
    values: dict[int, sql.Composable] = {}
    joins: list[sql.Composable] = []
    for k, (conkey, _confkey, parent, parent_cols) in enumerate(
        conn.execute(_FOREIGN_KEYS, {"rel": table.oid}).fetchall()
    ):
        if parent == table.oid or any(n in values for n in conkey):
            continue  # a self-reference stays NULL (or default); a column keeps its first key
        keyed, count = _keys(conn, keys, parent, tuple(parent_cols))
        alias = sql.Identifier(f"p{k}")
        joins.append(
            sql.SQL("left join {keyed} as {a} on {a}.idx = {pos}").format(
                keyed=sql.Identifier(keyed), a=alias, pos=sql.SQL(_position(k, count))
            )
        )
        for own, theirs in zip(conkey, parent_cols, strict=True):
            values[own] = sql.SQL("{}.{}").format(alias, sql.Identifier(theirs))
    checks = conn.execute(_CHECKS, {"rel": table.oid}).fetchall()
    choices = _choices(checks, names)
    for num, name, typ, base, typtype, category, notnull, has_default in columns:
        if num in values or has_default or not notnull:
            continue
        values[num] = _value(num, name, typ, base, typtype, category, choices)
    cols = sorted(values)
    filters = [
        sql.SQL("({}) is not false").format(sql.SQL(_check_expression(text)))
        for conkey, text in checks
        if conkey and set(conkey) <= set(cols)
    ]
    if cols:
        stmt = sql.SQL(
            "insert into {t} ({cols}) select * from (select {vals} from generate_series(0, {n} - 1)"
            " as g {joins}) as r where {where} on conflict do nothing"
        ).format(
            t=sql.SQL(table.name),
            cols=sql.SQL(", ").join(sql.Identifier(names[c]) for c in cols),
            vals=sql.SQL(", ").join(
                sql.SQL("{} as {}").format(values[c], sql.Identifier(names[c])) for c in cols
            ),
            n=sql.Literal(rows),
            joins=sql.SQL(" ").join(joins),
            where=sql.SQL(" and ").join(filters) if filters else sql.SQL("true"),
        )
    else:  # every column has a default
        stmt = sql.SQL(
            "insert into {t} select from generate_series(0, {n} - 1) on conflict do nothing"
        ).format(t=sql.SQL(table.name), n=sql.Literal(rows))
    try:
        with conn.transaction():
            conn.execute(stmt)
    except psycopg.Error as exc:
        table.note = (exc.diag.message_primary or str(exc)).splitlines()[0]
    table.rows = _count(conn, table.name)
    if not table.note and table.rows < rows:
        table.note = "unique keys or CHECK constraints left out the rest"


def _keys(
    conn: psycopg.Connection, keys: dict, parent: int, cols: tuple[str, ...]
) -> tuple[str, int]:
    """A temporary table numbering the parent's key values 0…count-1 (indexed), so that a
    child row finds its parent row by number; built once per referenced key."""
    if (parent, cols) not in keys:
        name = f"mashdb_rowgen_keys_{len(keys)}"
        conn.execute(
            sql.SQL(
                "create temporary table {name} as select (row_number() over () - 1)::bigint"
                " as idx, {cols} from {parent}"
            ).format(
                name=sql.Identifier(name),
                cols=sql.SQL(", ").join(sql.Identifier(c) for c in cols),
                parent=sql.SQL(_name(conn, parent)),
            )
        )
        conn.execute(sql.SQL("alter table {} add primary key (idx)").format(sql.Identifier(name)))
        keys[(parent, cols)] = (name, _count(conn, name))
    return keys[(parent, cols)]


def _name(conn: psycopg.Connection, oid: int) -> str:
    return str(conn.execute("select %s::regclass::text", (oid,)).fetchone()[0])


def _count(conn: psycopg.Connection, name: str) -> int:
    return int(conn.execute(sql.SQL("select count(*) from {}").format(sql.SQL(name))).fetchone()[0])


def _position(k: int, count: int) -> str:
    """Which parent row row g takes for its k-th foreign key: the first walks the parent's
    rows in order, the next ones with other strides, so pairs of keys rarely repeat."""
    n = max(count, 1)
    return f"g % {n}" if k == 0 else f"(g / {n} + g * {2 * k + 5}) % {n}"


def _choices(checks: list[tuple[list[int], str]], names: dict[int, str]) -> dict[str, list[str]]:
    """Columns a CHECK restricts to a list of literals (`status in ('open', 'closed')`)."""
    found: dict[str, list[str]] = {}
    for conkey, text in checks:
        match = _CHOICES.match(text)
        if match and len(conkey) == 1 and match.group(1) == names.get(conkey[0]):
            found[match.group(1)] = [v.replace("''", "'") for v in _LITERAL.findall(match.group(2))]
    return found


def _check_expression(definition: str) -> str:
    """`CHECK (expr)` (maybe `NOT VALID`) → `expr`."""
    text = definition.removesuffix(" NOT VALID")
    return text[len("CHECK "):] if text.startswith("CHECK ") else text


def _value(
    num: int, name: str, typ: str, base: str, typtype: str, category: str,
    choices: dict[str, list[str]],
) -> sql.Composable:
    """A value of the column's type that varies with g (see the module docstring)."""
    if name in choices and choices[name]:
        options = sql.SQL(", ").join(sql.Literal(v) for v in choices[name])
        return sql.SQL("(array[{}])[1 + g % {}]::{}").format(
            options, sql.Literal(len(choices[name])), sql.SQL(typ)
        )
    if typtype == "e":
        labels = sql.SQL("enum_range(null::{})").format(sql.SQL(base))
        return sql.SQL("({l})[1 + g % cardinality({l})]").format(l=labels)
    offset = sql.Literal(num)
    by_category = {
        "S": sql.SQL("('r' || g)::{}"),
        "N": sql.SQL("((g + {}) % 99 + 1)::{}"),
        "B": sql.SQL("(g % 2 = 0)::{}"),
        "D": sql.SQL("(now() - g * interval '1 second' + {} * interval '1 second')::{}"),
        "T": sql.SQL("(interval '1 second' * ((g + {}) % 99 + 1))::{}"),
        "A": sql.SQL("'{{}}'::{}"),
        "I": sql.SQL("('10.0.0.1')::{}"),
    }
    if base == "uuid":
        return sql.SQL("gen_random_uuid()::{}").format(sql.SQL(typ))
    if base in ("json", "jsonb"):
        return sql.SQL("'{{}}'::{}").format(sql.SQL(typ))
    if base == "bytea":
        return sql.SQL("'\\x00'::{}").format(sql.SQL(typ))
    template = by_category.get(category)
    if template is None:
        return sql.SQL("null::{}").format(sql.SQL(typ))  # no generic value: the insert reports it
    if category in ("N", "D", "T"):
        return template.format(offset, sql.SQL(typ))
    return template.format(sql.SQL(typ))
