"""`mashdb status`: what is applied, pending, changed or drifted (read-only)."""

from __future__ import annotations

import json

import click

from toolkit.commands.options import Context, database_option, json_option, out


@click.command(name="status")
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
