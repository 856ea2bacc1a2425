"""`mashdb new`: scaffold the next migration and its rollback."""

from __future__ import annotations

import click

from toolkit.commands.options import Context, out


@click.command()
@click.argument("name")
@click.pass_obj
def new(obj: Context, name: str) -> None:
    """Scaffold the next-numbered migration NAME and its rollback file."""
    from toolkit import scaffold

    project = obj.project
    for path in scaffold.new_migration(project, name):
        out.print(f"created {project.relative(path)}")
