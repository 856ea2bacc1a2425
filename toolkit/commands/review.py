"""`mashdb review`: what a branch's SQL changes, as a PR-ready report."""

from __future__ import annotations

import sys
from pathlib import Path

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
@click.option(
    "--under-load",
    is_flag=True,
    help="Also execute the migrations the branch adds, in order, on a scratch database "
    "built at --base and filled with --rows generated rows per table, while the app's "
    "queries (--workload) run; a statement that makes a query wait longer than "
    "--threshold-ms is dangerous. The scratch database is created on the same server and "
    "dropped afterwards (also on failure or Ctrl-C); the target database is never touched.",
)
@click.option(
    "--rows",
    type=click.IntRange(min=1),
    default=100_000,
    show_default=True,
    help="With --under-load: generated rows per table (set it to your largest table's size).",
)
@click.option(
    "--threshold-ms",
    type=click.FloatRange(min=0, min_open=True),
    default=200.0,
    show_default=True,
    help="With --under-load: the longest wait of a read or write that is still safe.",
)
@click.option(
    "--workload",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="With --under-load: the app's queries (default: tests/load/workload.toml).",
)
@database_option
@click.pass_obj
def review(
    obj: Context,
    base_ref: str,
    fmt: str,
    fail_on: str,
    under_load: bool,
    rows: int,
    threshold_ms: float,
    workload: Path | None,
) -> None:
    """Review the SQL of this branch against --base.

    Builds the base ref's schema and the working tree's schema on two scratch databases
    (on --database-url's server, else the embedded one; created and dropped by review, so
    the role needs CREATEDB; the target database itself is never changed),
    then reports schema changes, access changes (who can now read or write what), lint
    findings on the changed SQL and rollback safety (head → base → head round trip, and
    rollbacks that drop data). Exit 0 clean, 1 findings at/above --fail-on, 2 tool error.
    """
    from toolkit.review import render
    from toolkit.review import review as run_review
    from toolkit.review.load_run import LoadOptions

    if not under_load and (workload is not None or _given("rows") or _given("threshold_ms")):
        raise click.UsageError("--rows, --threshold-ms and --workload need --under-load")
    progress = Console(stderr=True, highlight=False)
    report = run_review(
        obj.project,
        base_ref,
        obj.target().url,
        under_load=LoadOptions(rows, threshold_ms / 1000, workload) if under_load else None,
        progress=lambda m: progress.print(f"[dim]{m}…[/dim]"),
    )
    click.echo(render(report, fmt))
    sys.exit(report.exit_code(fail_on))


def _given(name: str) -> bool:
    source = click.get_current_context().get_parameter_source(name)
    return source is not click.core.ParameterSource.DEFAULT
