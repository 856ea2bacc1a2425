"""Options and context shared by every command module (toolkit/commands/*), and the
consoles (toolkit/console.py) re-exported for them.

Command modules import only click, rich and this module at the top: the libraries a
command needs (psycopg, pglast, sqlfluff, …) are imported inside its function, so
`mashdb --help` and a command that does not need them never pay for their import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from toolkit.console import Console as Console
from toolkit.console import err as err
from toolkit.console import out as out
from toolkit.console import silence_stdout as silence_stdout
from toolkit.project import Project, find_project

if TYPE_CHECKING:
    from toolkit.db import Target


@dataclass
class Context:
    """What every command needs: the project and the chosen database."""

    project_path: Path | None = None
    database_url: str | None = None

    @property
    def project(self) -> Project:
        return find_project(self.project_path)

    def target(self) -> Target:
        from toolkit.db import resolve_target

        return resolve_target(self.database_url, self.project)


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


def history_option(func: Any) -> Any:
    """`--no-supabase-history`: leave supabase_migrations.schema_migrations alone."""
    return click.option(
        "--no-supabase-history",
        is_flag=True,
        help="Do not keep Supabase's migration history in step (default: as mashdb.toml "
        "[supabase] history says, on).",
    )(func)


def json_option(func: Any) -> Any:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")(func)


class LazyChoice(click.Choice):
    """A click.Choice whose values come from a module attribute (`"pkg.module:NAME"`, a
    dict's keys or a sequence), imported only when this command's options are parsed or
    its help is shown, not when the command list is."""

    def __init__(self, source: str) -> None:
        self._source = source
        self._choices: tuple[str, ...] | None = None
        self.case_sensitive = True

    @property
    def choices(self) -> tuple[str, ...]:  # type: ignore[override]
        if self._choices is None:
            module, name = self._source.split(":")
            values: Iterable[str] = getattr(import_module(module), name)
            self._choices = tuple(sorted(values) if isinstance(values, dict) else values)
        return self._choices


def format_option(renderers: str, default: str, help: str) -> Callable[[Any], Any]:
    """`--format NAME` choosing one of a renderer table's names (stored as `fmt`);
    `renderers` is that table's `"module:NAME"`."""
    return click.option(
        "--format",
        "fmt",
        type=LazyChoice(renderers),
        default=default,
        show_default=True,
        help=help,
    )


def fail_on_option(severities: str, default: str) -> Callable[[Any], Any]:
    """`--fail-on SEVERITY`: the lowest severity that makes the exit code 1; `severities`
    is the ordered tuple's `"module:NAME"`."""
    return click.option(
        "--fail-on",
        type=LazyChoice(severities),
        default=default,
        show_default=True,
        help="Exit 1 when a finding is at or above this severity.",
    )
