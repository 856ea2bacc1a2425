"""`mashdb lint`: sqlfluff + squawk + static RLS rules in one report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from toolkit.commands.options import fail_on_option, format_option
from toolkit.project import find_project


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@format_option(
    "toolkit.lint:RENDERERS", "text", "text for people, json for machines, sarif for code scanning."
)
@fail_on_option("toolkit.lint:SEVERITIES", "error")
@click.option(
    "--only",
    "sources",
    multiple=True,
    type=click.Choice(["sqlfluff", "squawk", "rls"]),
    help="Run only these linters (repeatable).",
)
@click.option("--explain", "explain_id", metavar="RULE", help="Print a rule's documentation.")
@click.pass_context
def lint(
    ctx: click.Context,
    paths: tuple[Path, ...],
    fmt: str,
    fail_on: str,
    sources: tuple[str, ...],
    explain_id: str | None,
) -> None:
    """Lint SQL files (default: all of sql/).

    \b
    sqlfluff   style, postgres dialect, configured by .sqlfluff
    squawk     lock safety of forward migrations (concurrent indexes, rewrites, …)
    rls        static row-level-security rules (RLS001…), splinter-style

    Ignores live in mashdb.toml [lint] or inline (`-- mashdb-lint: ignore RULE reason`);
    every ignore needs a reason. Exit 0 clean, 1 findings at/above --fail-on, 2 tool error.
    """
    from toolkit.lint import RENDERERS, explain, lint_paths

    if explain_id:
        click.echo(explain(explain_id))
        return
    project = find_project(ctx.obj.project_path if ctx.obj else None)
    kwargs = {"sources": sources} if sources else {}
    report = lint_paths(list(paths), project.root, **kwargs)
    click.echo(RENDERERS[fmt](report))
    sys.exit(report.exit_code(fail_on))
