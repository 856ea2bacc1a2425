"""`mashdb policies` and `mashdb test`: the RLS suite from the command line."""

from __future__ import annotations

import json
import sys

import click

from toolkit.commands.options import Console, database_option, format_option
from toolkit.errors import UsageError


@click.command()
@format_option(
    "toolkit.rls.render:RENDERERS",
    "table",
    "table for people, markdown for a PR, json for machines.",
)
@click.option(
    "--table",
    "table",
    metavar="T",
    help="Show one table: cells, policies, functions that name it, column rules.",
)
@click.option(
    "--suggest",
    is_flag=True,
    help="With --table: print a matrix entry computed "
    "from what was executed (for a table without probe rows: a draft to paste).",
)
@database_option
@click.pass_obj
def policies(obj, fmt: str, table: str | None, suggest: bool) -> None:
    """Print the access matrix as executed against the live database.

    Builds probe rows, runs every table x command x persona (and the matrix's functions)
    in one transaction that is rolled back, and shows what actually happened — not what
    the policy text says. Cells that differ from tests/rls/matrix.toml are marked `!`.
    """
    if suggest and not table:
        raise UsageError("--suggest needs --table T")
    from toolkit.db import connect
    from toolkit.rls.executed import execute_matrix
    from toolkit.rls.matrix import load_project
    from toolkit.rls.render import RENDERERS
    from toolkit.rls.runner import require_current
    from toolkit.rls.table import table_report

    project = obj.project
    matrix = load_project(project.root)
    target = obj.target()
    require_current(target, project)
    if table:
        with connect(target.url) as conn:
            report = table_report(conn, matrix, table, suggest=suggest, shared=True)
        if fmt == "json":
            click.echo(json.dumps(report.as_dict(), indent=2, sort_keys=True, default=str))
        elif suggest:
            click.echo(report.suggestion, nl=False)
        else:
            click.echo(report.as_text(matrix), nl=False)
        return
    with connect(target.url) as conn:
        executed = execute_matrix(conn, matrix, shared=True)
    rendered = RENDERERS[fmt](executed, matrix)
    if isinstance(rendered, str):
        click.echo(rendered, nl=False)
    else:
        Console(highlight=False, width=None if sys.stdout.isatty() else 220).print(rendered)


@click.command(name="test", context_settings={"ignore_unknown_options": True})
@click.option("-n", "workers", type=int, default=None, help="pytest-xdist workers.")
@click.option(
    "--exclusive",
    is_flag=True,
    help="The database is this run's alone: also attribute policies (drops each in a "
    "savepoint, ACCESS EXCLUSIVE) and run TRUNCATE probes for real. Not with -n.",
)
@click.argument("pytest_args", nargs=-1, type=click.UNPROCESSED)
@database_option
@click.pass_obj
def test_cmd(obj, workers: int | None, exclusive: bool, pytest_args: tuple[str, ...]) -> None:
    """Run the RLS policy suite against a migrated database, safe on a shared one: every
    test's transaction is rolled back, nothing is created, assertions are about probe rows
    only and no lock stronger than the probes' own statements is taken. A database that is
    not at the code's migrations is refused (one line, exit 2). Extra arguments go to pytest.
    Prints `N passed, N failed`; exit 0 when everything passed, else 1."""
    from toolkit.rls.runner import require_current, run_suite

    target = obj.target()
    require_current(target, obj.project)
    result = run_suite(
        target.url, obj.project, extra_args=pytest_args, workers=workers, exclusive=exclusive
    )
    click.echo(result.summary)
    sys.exit(0 if result.ok else 1)
