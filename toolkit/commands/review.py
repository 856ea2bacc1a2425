"""`mashdb review`: what a branch's SQL changes, as a PR-ready report."""

from __future__ import annotations

import sys

import click
from rich.console import Console

from toolkit.commands.options import Context, database_option, fail_on_option, format_option


@click.command()
@click.option(
    "--base",
    "base_ref",
    default="origin/main",
    show_default=True,
    metavar="REF",
    help="Git ref to compare the working tree with.",
)
@format_option(
    "toolkit.review.report:RENDERERS", "text", "markdown fits a PR comment; json is for machines."
)
@fail_on_option("toolkit.review.findings:SEVERITIES", "dangerous")
@database_option
@click.pass_obj
def review(obj: Context, base_ref: str, fmt: str, fail_on: str) -> None:
    """Review the SQL of this branch against --base.

    Builds the base ref's schema and the working tree's schema on two throwaway databases
    (on --database-url's server, else the embedded one),
    then reports schema changes, access changes (who can now read or write what), lint
    findings on the changed SQL and rollback safety (head → base → head round trip, and
    rollbacks that drop data). Exit 0 clean, 1 findings at/above --fail-on, 2 tool error.
    """
    from toolkit.review import render
    from toolkit.review import review as run_review

    progress = Console(stderr=True, highlight=False)
    report = run_review(
        obj.project,
        base_ref,
        obj.target().url,
        progress=lambda m: progress.print(f"[dim]{m}…[/dim]"),
    )
    click.echo(render(report, fmt))
    sys.exit(report.exit_code(fail_on))
