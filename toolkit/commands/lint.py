"""`mashdb lint`: sqlfluff + squawk + static RLS rules in one report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from toolkit.commands.options import fail_on_option, format_option
from toolkit.errors import UsageError
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
@click.option(
    "--changed",
    is_flag=True,
    help="Lint only the SQL files this branch changed since it left --base (and what "
    "the change causes elsewhere).",
)
@click.option(
    "--base",
    "base_ref",
    metavar="REF",
    help="Git base for --changed (default: origin/main if it exists, else main).",
)
@click.option("--explain", "explain_id", metavar="RULE", help="Print a rule's documentation.")
@click.pass_context
def lint(
    ctx: click.Context,
    paths: tuple[Path, ...],
    fmt: str,
    fail_on: str,
    sources: tuple[str, ...],
    changed: bool,
    base_ref: str | None,
    explain_id: str | None,
) -> None:
    """Lint SQL files (default: all of sql/; with --changed, what the branch changed).

    \b
    sqlfluff   style, postgres dialect, configured by .sqlfluff
    squawk     lock safety of forward migrations (concurrent indexes, rewrites, …)
    rls        static row-level-security rules (RLS001…), splinter-style

    Ignores live in mashdb.toml [lint] or inline (`-- mashdb-lint: ignore RULE reason`);
    every ignore needs a reason. Exit 0 clean, 1 findings at/above --fail-on, 2 tool error.
    """
    from toolkit.lint import RENDERERS, explain, lint_changed, lint_paths

    if explain_id:
        click.echo(explain(explain_id))
        return
    if base_ref is not None and not changed:
        raise UsageError("--base goes with --changed")
    if changed and paths:
        raise UsageError("give PATHS or --changed, not both")
    project = find_project(ctx.obj.project_path if ctx.obj else None)
    kwargs = {"sources": sources} if sources else {}
    if changed:
        from toolkit import gitbase

        base = gitbase.resolve(project.root, base_ref)
        report = lint_changed(project.root, base, **kwargs)
    else:
        report = lint_paths(list(paths), project.root, **kwargs)
    click.echo(RENDERERS[fmt](report))
    sys.exit(report.exit_code(fail_on))
