"""`mashdb types`: TypeScript types for supabase-js from the live catalog."""

from __future__ import annotations

import sys

import click

from toolkit.commands.options import Context, database_option


@click.command(name="types")
@click.option(
    "--output",
    "-o",
    metavar="PATH",
    help="Where to write the types (default types/database.ts in the project; - for stdout).",
)
@click.option(
    "--schema",
    "schemas",
    multiple=True,
    metavar="S",
    help="Schema to include (repeatable; default mashdb.toml [api] exposed_schemas).",
)
@click.option(
    "--role",
    "roles",
    multiple=True,
    metavar="ROLE",
    help="List what these roles may reach (repeatable; default mashdb.toml [api] roles; "
    "--role service_role for server code using the service key).",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when the file is not current.")
@database_option
@click.pass_obj
def types_cmd(
    obj: Context,
    output: str | None,
    schemas: tuple[str, ...],
    roles: tuple[str, ...],
    check: bool,
) -> None:
    """Generate TypeScript types for supabase-js (`createClient<Database>`).

    The shape of `supabase gen types typescript`: a Database type with each schema's
    Tables (Row, Insert, Update, Relationships), Views, Functions (Args, Returns), Enums
    and CompositeTypes, and the helpers Tables<>, TablesInsert<>, TablesUpdate<>, Enums<>.
    Only what the API roles may reach is listed, and a column they may not insert or update
    is `never` in Insert or Update. The database must be at the code's head.
    """
    from toolkit.typegen import generate_types

    result = generate_types(
        obj.target(), obj.project, output=output, schemas=schemas, roles=roles, check=check
    )
    if result.path is None:
        click.echo(result.text, nl=False)
        return
    shown = obj.project.relative(result.path)
    if check:
        if not result.up_to_date:
            click.echo(
                f"{shown} is not current: run `mashdb types"
                f"{'' if output is None else f' --output {output}'}`",
                err=True,
            )
            sys.exit(1)
        click.echo(f"{shown} is current: {result.summary()}")
        return
    click.echo(f"wrote {shown}: {result.summary()}")
