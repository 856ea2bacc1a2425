"""The `mashdb` command line: the group, its one error boundary, and the wiring.

Every command lives in a module of toolkit/commands/ (one per group) and is added in
`_register()`. Exit codes: 0 ok, 1 a failed operation (or findings), 2 a usage or tool error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from toolkit.commands.options import Context, database_option, err, silence_stdout
from toolkit.errors import MashdbError, as_mashdb_error


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
    from rich.markup import escape  # a message may hold brackets ("[api] roles")

    err.print(f"[bold red]error:[/bold red] {escape(str(exc))}", markup=True, highlight=False)
    sys.exit(exc.exit_code)


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


def _register() -> None:
    """Add every command module's commands to the group (imported here, never the other
    way: the modules import only click, rich and commands/options.py at the top)."""
    from toolkit.commands.baseline import baseline
    from toolkit.commands.lint import lint
    from toolkit.commands.migrate import migrate, repair, rollback
    from toolkit.commands.pgtools import dump, psql
    from toolkit.commands.reapply import reapply
    from toolkit.commands.reset import reset
    from toolkit.commands.review import review
    from toolkit.commands.rls import policies, test_cmd
    from toolkit.commands.scaffold import new
    from toolkit.commands.server import server
    from toolkit.commands.status import status_cmd
    from toolkit.commands.types import types_cmd

    main.add_command(migrate)
    main.add_command(baseline)
    main.add_command(rollback)
    main.add_command(repair)
    main.add_command(reapply)
    main.add_command(status_cmd)
    main.add_command(new)
    main.add_command(server)
    main.add_command(lint)
    main.add_command(review)
    main.add_command(policies)
    main.add_command(test_cmd)
    main.add_command(psql)
    main.add_command(dump)
    main.add_command(reset)
    main.add_command(types_cmd)


_register()
