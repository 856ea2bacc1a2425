"""`mashdb migrate`, `rollback` and `repair`: the commands that change a database's migrations."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from toolkit.commands.options import (
    Context,
    database_option,
    err,
    history_option,
    json_option,
    out,
)

if TYPE_CHECKING:
    from toolkit import engine


def timeout_options(func: Any) -> Any:
    """`--wait-timeout`, `--statement-timeout` and `--lock-timeout` of every command that
    takes the migration lock."""
    func = click.option(
        "--wait-timeout",
        default=300.0,
        show_default=True,
        metavar="SECONDS",
        help="How long to wait for another migrate/rollback holding the lock.",
    )(func)
    func = click.option(
        "--statement-timeout",
        default="15min",
        show_default=True,
        metavar="DURATION",
        help="Cancel any single statement running longer than this.",
    )(func)
    return click.option(
        "--lock-timeout",
        default="5s",
        show_default=True,
        metavar="DURATION",
        help="Fail fast when a table lock is held by another session for longer than this.",
    )(func)


def engine_options(
    lock_timeout: str,
    statement_timeout: str,
    wait_timeout: float,
    no_supabase_history: bool = False,
) -> engine.Options:
    """The engine's options from the values of `timeout_options` (and `history_option`)."""
    from toolkit import engine

    history = False if no_supabase_history else None
    return engine.Options(lock_timeout, statement_timeout, wait_timeout, history)


def listener(quiet: bool) -> engine.Listener:
    """Progress on the console: a line per finished step (stderr when `quiet`, so JSON
    on stdout stays clean), and a note while waiting for the lock."""
    from toolkit import engine, render

    console = err if quiet else out

    def waiting(pid: int | None) -> None:
        holder = f" (held by backend pid {pid})" if pid else ""
        err.print(f"waiting for the migration lock{holder}…")

    def finished(result: engine.StepResult) -> None:
        console.print(
            f"  [green]✓[/green] {render.step_label(result.step)}  "
            f"[dim]{result.seconds * 1000:.0f} ms[/dim]"
        )

    return engine.Listener(waiting=waiting, finished=finished)


def _run(
    call: Callable[..., engine.RunResult],
    obj: Context,
    as_json: bool,
    timeouts: dict[str, Any],
    **kwargs: Any,
) -> engine.RunResult | None:
    """Run migrate or rollback with the progress listener; with --json print the result
    and return None, else return it for the command to word."""
    from toolkit import render

    result = call(
        obj.target(),
        obj.project,
        options=engine_options(**timeouts),
        listener=listener(as_json),
        **kwargs,
    )
    if as_json:  # the pre-flight's overrides and the notes are in the JSON
        click.echo(json.dumps(render.run_json(result), indent=2))
        return None
    print_preflight(result)
    for note in result.notes:
        out.print(f"[yellow]note:[/yellow] {note}")
    return result


def _show_steps(header: str, result: engine.RunResult) -> None:
    from toolkit import render

    out.print(f"{header}: {len(result.steps)} step(s) would run")
    for step in result.steps:
        out.print(f"  • {render.step_label(step.step)}")


def preflight_options(func: Any) -> Any:
    """`--allow RULE` and `--skip-preflight` of the commands that apply migrations."""
    func = click.option(
        "--skip-preflight",
        is_flag=True,
        help="Do not check the SQL about to run with the RLS rules that are errors (reported).",
    )(func)
    return click.option(
        "--allow",
        "allow",
        multiple=True,
        metavar="RULE",
        help="Apply even though the pre-flight finds RULE (an RLS id or glob; repeatable; "
        "reported).",
    )(func)


def print_preflight(result: engine.RunResult) -> None:
    """Say on stderr what the pre-flight let through: an override is never silent."""
    checked = result.preflight
    if checked is None:
        return
    if checked.skipped:
        err.print(
            f"[bold yellow]pre-flight skipped ({checked.skipped_by}):[/bold yellow] the RLS "
            f"rules did not check the {len(checked.checked)} file(s) about to run"
        )
    for finding in checked.allowed:
        err.print(
            f"[bold yellow]pre-flight allowed (--allow {' '.join(checked.allow)}):[/bold yellow] "
            f"{finding.path}:{finding.line}: {finding.rule_id} {finding.message}"
        )


def confirm_losses(yes: bool, verb: str) -> Callable[[list[Any]], bool]:
    """The engine's `confirm` for rows a rollback would drop: yes with --yes, else ask at
    a terminal, else no."""

    def confirm(losses: list[Any]) -> bool:
        if yes:
            return True
        if not sys.stdin.isatty():
            return False
        err.print(f"[bold yellow]this {verb} drops data:[/bold yellow]")
        for loss in losses:
            err.print(f"  - {loss.label}")
        return click.confirm("drop it?", default=False, err=True)

    return confirm


def show_dry_run(result: engine.RunResult) -> None:
    """The steps a dry run of a rollback would take and the data they would drop."""
    _show_steps("dry run", result)
    for loss in result.losses:
        out.print(f"  [yellow]drops {loss.label}[/yellow]")


@click.command()
@click.option("--to", "to", metavar="VERSION", help="Stop after this migration (id or number).")
@click.option("--dry-run", is_flag=True, help="Show what would run; change nothing.")
@preflight_options
@timeout_options
@history_option
@json_option
@database_option
@click.pass_obj
def migrate(
    obj: Context,
    to: str | None,
    dry_run: bool,
    as_json: bool,
    allow: tuple[str, ...],
    skip_preflight: bool,
    **timeouts: Any,
) -> None:
    """Bring the database to head (or --to VERSION).

    Applies the Supabase bootstrap where auth.uid() is missing, then pending versioned
    migrations in order, then the function and policy files whose content changed. Each
    step is one transaction with its bookkeeping; concurrent runs wait for each other.

    Pre-flight: before anything runs, the SQL about to run is checked with the RLS lint
    rules that are errors (a table without RLS, default privileges kept, an always-true
    write policy, …); a finding refuses with file:line unless --allow RULE names it or
    --skip-preflight is given, and either override is printed.
    """
    from toolkit import engine

    result = _run(
        engine.migrate,
        obj,
        as_json,
        timeouts,
        to=to,
        dry_run=dry_run,
        allow=allow,
        skip_preflight=skip_preflight,
    )
    if result is None:
        return
    if dry_run:
        _show_steps(f"dry run on {result.target}", result)
        return
    if not result.steps:
        out.print(f"already up to date at {result.after or 'empty'} ({result.target})")
        return
    total = sum(s.seconds for s in result.steps)
    out.print(
        f"migrated {result.before or 'empty'} → {result.after or 'empty'} "
        f"in {total:.2f}s ({result.target})"
    )


@click.command()
@click.option("--steps", type=int, metavar="N", help="Roll back the last N migrations (default 1).")
@click.option("--to", "to", metavar="VERSION", help="Roll back everything after VERSION.")
@click.option("--all", "everything", is_flag=True, help="Roll back every migration.")
@click.option("--yes", "-y", is_flag=True, help="Confirm dropping tables/columns that hold rows.")
@click.option("--dry-run", is_flag=True, help="Show the steps and the data they would drop.")
@timeout_options
@history_option
@json_option
@database_option
@click.pass_obj
def rollback(
    obj: Context,
    steps: int | None,
    to: str | None,
    everything: bool,
    yes: bool,
    dry_run: bool,
    as_json: bool,
    **timeouts: Any,
) -> None:
    """Undo migrations with their .rollback.sql files.

    Functions and policies that need a rolled-back migration are removed first. When the
    rollback would drop tables or columns that hold rows, they are listed with row counts
    and nothing happens unless you confirm at the prompt or pass --yes.
    """
    from toolkit import engine

    result = _run(
        engine.rollback,
        obj,
        as_json,
        timeouts,
        steps=steps,
        to=to,
        everything=everything,
        confirm=confirm_losses(yes, "rollback"),
        dry_run=dry_run,
    )
    if result is None:
        return
    if dry_run:
        show_dry_run(result)
    else:
        out.print(
            f"rolled back {result.before or 'empty'} → {result.after or 'empty'} ({result.target})"
        )


@click.command()
@timeout_options
@database_option
@click.pass_obj
def repair(obj: Context, **timeouts: Any) -> None:
    """Accept edited applied migrations by recording their current checksums.

    Run this only after reviewing the edit: the database keeps the schema the old file
    produced; repair just stops migrate from refusing.
    """
    from toolkit import engine

    repaired = engine.repair(obj.target(), obj.project, options=engine_options(**timeouts))
    if not repaired:
        out.print("nothing to repair: every applied migration matches its file")
    for mid in repaired:
        out.print(f"recorded the current checksum of {mid}")
