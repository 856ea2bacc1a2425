"""`mashdb server …`: the project's embedded PostgreSQL."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from toolkit.commands.options import Context, json_option, out


@click.group()
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
