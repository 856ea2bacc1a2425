"""The `mashdb` command line: parse, call one library function, render, exit.

Exit codes: 0 ok, 1 a failed operation (or findings), 2 a usage or tool error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from toolkit.commands.options import Console, Context, database_option, json_option, silence_stdout
from toolkit.errors import MashdbError, as_mashdb_error

if TYPE_CHECKING:
    from toolkit import engine

# Piped output (CI logs, `make demo`) gets a wide console so tables never truncate names.
out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False, soft_wrap=True)


class MashdbGroup(click.Group):
    """The one error boundary of every command: a toolkit error, a database error the
    library did not word itself, or any other exception becomes one line on stderr and the
    documented exit code, never a traceback. A reader that closed the pipe is not an error."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            try:
                return super().invoke(ctx)
            finally:
                sys.stdout.flush()
        except BrokenPipeError:
            silence_stdout()
            sys.exit(0)
        except MashdbError as exc:
            fail(exc)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # click's own: usage errors, --help's exit, Ctrl-C at a prompt
        except Exception as exc:  # the boundary: nothing escapes as a traceback
            obj = ctx.obj if isinstance(ctx.obj, Context) else Context()
            fail(as_mashdb_error(exc, obj.database_url, f"mashdb {ctx.invoked_subcommand}"))


def fail(exc: MashdbError) -> None:
    """Print `error: …` on stderr and exit with the error's code."""
    err.print(f"[bold red]error:[/bold red] {exc}", markup=True, highlight=False)
    sys.exit(exc.exit_code)


def timeout_options(func: Any) -> Any:
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


def _options(lock_timeout: str, statement_timeout: str, wait_timeout: float) -> engine.Options:
    from toolkit import engine

    return engine.Options(lock_timeout, statement_timeout, wait_timeout)


def _listener(quiet: bool) -> engine.Listener:
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


@click.group(cls=MashdbGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--project",
    "project_path",
    type=click.Path(file_okay=False, path_type=Path),
    help="Project root (default: the nearest folder above with sql/migrations).",
)
@database_option
@click.version_option(package_name="mashdb")
@click.pass_context
def main(ctx: click.Context, project_path: Path | None) -> None:
    """mashdb: migrate, roll back, review and prove the mashup platform's database.

    \b
    Target database, first match wins:
      --database-url URL   any PostgreSQL / Supabase database
      DATABASE_URL         the same, from the environment
      (neither)            the project's embedded PostgreSQL 18 in .mashdb/pgdata,
                           started on first use and left running (see `mashdb server`)

    \b
    Typical session:
      mashdb migrate            apply bootstrap, migrations, changed functions/policies
      mashdb status             what is applied, pending, changed or drifted
      mashdb rollback --steps 1 undo the last migration (asks before dropping data)
      mashdb new add_playlists  scaffold the next migration and its rollback
    """
    context = ctx.ensure_object(Context)
    context.project_path = project_path


@main.command()
@click.option("--to", "to", metavar="VERSION", help="Stop after this migration (id or number).")
@click.option("--dry-run", is_flag=True, help="Show what would run; change nothing.")
@timeout_options
@json_option
@database_option
@click.pass_obj
def migrate(obj: Context, to: str | None, dry_run: bool, as_json: bool, **timeouts: Any) -> None:
    """Bring the database to head (or --to VERSION).

    Applies the Supabase bootstrap where auth.uid() is missing, then pending versioned
    migrations in order, then the function and policy files whose content changed. Each
    step is one transaction with its bookkeeping; concurrent runs wait for each other.
    """
    from toolkit import engine, render

    result = engine.migrate(
        obj.target(),
        obj.project,
        to=to,
        dry_run=dry_run,
        options=_options(**timeouts),
        listener=_listener(as_json),
    )
    if as_json:
        click.echo(json.dumps(render.run_json(result), indent=2))
        return
    if dry_run:
        out.print(f"dry run on {result.target}: {len(result.steps)} step(s) would run")
        for step in result.steps:
            out.print(f"  • {render.step_label(step.step)}")
        return
    if not result.steps:
        out.print(f"already up to date at {result.after or 'empty'} ({result.target})")
        return
    total = sum(s.seconds for s in result.steps)
    out.print(
        f"migrated {result.before or 'empty'} → {result.after or 'empty'} "
        f"in {total:.2f}s ({result.target})"
    )


@main.command()
@click.option("--steps", type=int, metavar="N", help="Roll back the last N migrations (default 1).")
@click.option("--to", "to", metavar="VERSION", help="Roll back everything after VERSION.")
@click.option("--all", "everything", is_flag=True, help="Roll back every migration.")
@click.option("--yes", "-y", is_flag=True, help="Confirm dropping tables/columns that hold rows.")
@click.option("--dry-run", is_flag=True, help="Show the steps and the data they would drop.")
@timeout_options
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
    from toolkit import engine, render

    def confirm(losses: list[Any]) -> bool:
        if yes:
            return True
        if not sys.stdin.isatty():
            return False
        err.print("[bold yellow]this rollback drops data:[/bold yellow]")
        for loss in losses:
            err.print(f"  - {loss.label}")
        return click.confirm("drop it?", default=False, err=True)

    result = engine.rollback(
        obj.target(),
        obj.project,
        steps=steps,
        to=to,
        everything=everything,
        confirm=confirm,
        dry_run=dry_run,
        options=_options(**timeouts),
        listener=_listener(as_json),
    )
    if as_json:
        click.echo(json.dumps(render.run_json(result), indent=2))
    elif dry_run:
        out.print(f"dry run: {len(result.steps)} step(s) would run")
        for step in result.steps:
            out.print(f"  • {render.step_label(step.step)}")
        for loss in result.losses:
            out.print(f"  [yellow]drops {loss.label}[/yellow]")
    else:
        out.print(
            f"rolled back {result.before or 'empty'} → {result.after or 'empty'} ({result.target})"
        )


@main.command(name="status")
@json_option
@database_option
@click.pass_obj
def status_cmd(obj: Context, as_json: bool) -> None:
    """Show applied, pending, changed and drifted SQL (read-only: creates nothing)."""
    from toolkit import render, status

    result = status.get_status(obj.target(), obj.project)
    if as_json:
        click.echo(json.dumps(render.status_json(result), indent=2))
        return
    for item in render.status_tables(result):
        out.print(item)


@main.command()
@click.argument("name")
@click.pass_obj
def new(obj: Context, name: str) -> None:
    """Scaffold the next-numbered migration NAME and its rollback file."""
    from toolkit import scaffold

    project = obj.project
    for path in scaffold.new_migration(project, name):
        out.print(f"created {project.relative(path)}")


@main.command()
@timeout_options
@database_option
@click.pass_obj
def repair(obj: Context, **timeouts: Any) -> None:
    """Accept edited applied migrations by recording their current checksums.

    Run this only after reviewing the edit: the database keeps the schema the old file
    produced; repair just stops migrate from refusing.
    """
    from toolkit import engine

    repaired = engine.repair(obj.target(), obj.project, options=_options(**timeouts))
    if not repaired:
        out.print("nothing to repair: every applied migration matches its file")
    for mid in repaired:
        out.print(f"recorded the current checksum of {mid}")


@main.group()
def server() -> None:
    """Manage the project's embedded PostgreSQL (in .mashdb/pgdata)."""


def _pgdata(obj: Context) -> Path:
    return obj.project.state_dir / "pgdata"


@server.command("start")
@click.pass_obj
def server_start(obj: Context) -> None:
    """Start the embedded server (initialising it on first use) and print its URL."""
    from toolkit import embedded

    out.print(embedded.start(_pgdata(obj)))


@server.command("stop")
@click.pass_obj
def server_stop(obj: Context) -> None:
    """Stop the embedded server."""
    from toolkit import embedded

    stopped = embedded.stop(_pgdata(obj))
    out.print("stopped" if stopped else "not running")


@server.command("status")
@json_option
@click.pass_obj
def server_status(obj: Context, as_json: bool) -> None:
    """Say whether the embedded server runs, and where."""
    from toolkit import embedded, render

    state = embedded.state(_pgdata(obj))
    if as_json:
        click.echo(json.dumps(render.server_json(state), indent=2))
    elif state.running:
        out.print(f"running (pid {state.pid}) at {state.url}\ndata directory {state.pgdata}")
    else:
        out.print(f"not running; data directory {state.pgdata}")
        sys.exit(1)


@server.command("url")
@click.pass_obj
def server_url(obj: Context) -> None:
    """Print the embedded server's URL (starting it if needed), e.g. for psql."""
    from toolkit import embedded

    click.echo(embedded.start(_pgdata(obj)))


def _register() -> None:
    # Command groups that live in toolkit/commands/ (imported here, never the other way).
    from toolkit.commands.lint import lint
    from toolkit.commands.review import review
    from toolkit.commands.rls import policies, test_cmd

    main.add_command(lint)
    main.add_command(review)
    main.add_command(policies)
    main.add_command(test_cmd)


_register()
