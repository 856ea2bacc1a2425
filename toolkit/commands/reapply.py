"""`mashdb reapply`: roll back an edited migration that exists only on this branch as it
was applied, and apply it again from its file."""

from __future__ import annotations

from typing import Any

import click

from toolkit.commands.migrate import (
    _run,
    confirm_losses,
    preflight_options,
    show_dry_run,
    timeout_options,
)
from toolkit.commands.options import Context, database_option, json_option, out


@click.command()
@click.argument("version", required=False)
@click.option(
    "--base",
    "base_ref",
    metavar="REF",
    help="Git base whose migrations are merged and immutable (default: origin/main if it "
    "exists, else main).",
)
@click.option("--yes", "-y", is_flag=True, help="Confirm dropping tables/columns that hold rows.")
@click.option("--dry-run", is_flag=True, help="Show the steps and the data they would drop.")
@preflight_options
@timeout_options
@json_option
@database_option
@click.pass_obj
def reapply(
    obj: Context,
    version: str | None,
    base_ref: str | None,
    yes: bool,
    dry_run: bool,
    as_json: bool,
    allow: tuple[str, ...],
    skip_preflight: bool,
    **timeouts: Any,
) -> None:
    """Redo VERSION (default: the first edited one, else the last applied) from its file.

    For a migration that is not on the base branch (committed on this branch or not
    committed yet): rolls it back, and every applied migration after it, with the
    rollback text recorded when it was applied, then applies the files as they are now
    and the functions and policies that need them. One transaction when every migration
    involved is transactional. A migration that exists on the base is refused: merged
    migrations are immutable. What is applied again passes migrate's RLS pre-flight.
    """
    from toolkit import engine

    result = _run(
        engine.reapply,
        obj,
        as_json,
        timeouts,
        version=version,
        base=base_ref,
        confirm=confirm_losses(yes, "reapply"),
        dry_run=dry_run,
        allow=allow,
        skip_preflight=skip_preflight,
    )
    if result is None:
        return
    if dry_run:
        show_dry_run(result)
        return
    redone = [s.step.name for s in result.steps if s.step.action == "rollback"]
    total = sum(s.seconds for s in result.steps)
    out.print(
        f"reapplied {', '.join(reversed(redone))} in {total:.2f}s, now at "
        f"{result.after or 'empty'} ({result.target})"
    )
