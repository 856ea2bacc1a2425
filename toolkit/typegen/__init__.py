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

Reading is `catalog.read_catalog` (SQL in `toolkit/queries/types/*.sql`), printing
`render.render`; the mapping of PostgreSQL types to TypeScript is `SCALARS` (catalog) and
`render`'s `ts_type`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import psycopg

from toolkit.errors import UsageError

__all__ = [
    "DEFAULT_OUTPUT",
    "Catalog",
    "Result",
    "generate",
    "generate_types",
    "header_command",
    "read_catalog",
]

if TYPE_CHECKING:
    from toolkit.db import Target
    from toolkit.project import Project
from toolkit.typegen.catalog import DEFAULT_OUTPUT, Catalog, read_catalog
from toolkit.typegen.render import render


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
