"""Options and context shared by every command module (cli.py and toolkit/commands/*)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import rich.console

from toolkit.db import Target, resolve_target
from toolkit.project import Project, find_project


@dataclass
class Context:
    """What every command needs: the project and the chosen database."""

    project_path: Path | None = None
    database_url: str | None = None

    @property
    def project(self) -> Project:
        return find_project(self.project_path)

    def target(self) -> Target:
        return resolve_target(self.database_url, self.project)


def silence_stdout() -> None:
    """Point stdout at /dev/null, so once its reader has gone no later write or the
    interpreter's final flush fails again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


class Console(rich.console.Console):
    """rich's console, except that a reader closing the pipe (`mashdb status | head -1`)
    ends the command quietly with exit code 0 instead of rich's 1."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        silence_stdout()
        raise SystemExit(0)


def database_option(func: Any) -> Any:
    """`--database-url` accepted on every command as well as on the group."""

    def store(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
        if value is not None:  # an empty --database-url is an error, not "use the default"
            ctx.ensure_object(Context).database_url = value

    return click.option(
        "--database-url",
        metavar="URL",
        expose_value=False,
        callback=store,
        help="PostgreSQL URL (overrides DATABASE_URL; default: the embedded server).",
    )(func)


def json_option(func: Any) -> Any:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")(func)


def format_option(renderers: Any, default: str, help: str) -> Any:
    """`--format NAME` choosing one of a renderer table's names (stored as `fmt`)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(sorted(renderers)),
        default=default,
        show_default=True,
        help=help,
    )


def fail_on_option(severities: Any, default: str) -> Any:
    """`--fail-on SEVERITY`: the lowest severity that makes the exit code 1."""
    return click.option(
        "--fail-on",
        type=click.Choice(list(severities)),
        default=default,
        show_default=True,
        help="Exit 1 when a finding is at or above this severity.",
    )
