"""`mashdb reset`: a clean database at head with the project's seed data."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from toolkit.commands.migrate import engine_options, listener, timeout_options
from toolkit.commands.options import Context, database_option, err, json_option, out

if TYPE_CHECKING:
    from toolkit import reset as reset_lib

PHASES = {
    "clear": "clearing the application schema, mashdb's bookkeeping and auth.users…",
    "migrate": "migrating to head…",
    "seed": "loading sql/seed.sql…",
}


@click.command()
@click.option(
    "--yes",
    "-y",
    is_flag=True,
    help="Reset even a database that is not on this machine (not the embedded server, "
    "a Unix socket or a loopback address).",
)
@click.option("--no-seed", is_flag=True, help="Migrate to head without loading sql/seed.sql.")
@timeout_options
@json_option
@database_option
@click.pass_obj
def reset(obj: Context, yes: bool, no_seed: bool, as_json: bool, **timeouts: Any) -> None:
    """Drop the application's schema, migrate to head and load sql/seed.sql.

    \b
    Drops every object in schema public that no extension owns, forgets the applied
    migrations in mashdb's bookkeeping and deletes every auth.users row, in one
    transaction. Roles, the auth schema, extensions and other schemas stay.
    Then migrates to head and loads the seed in one transaction. Refuses a database
    that is not local unless --yes is given. See docs/local-database.md.
    """
    from toolkit import reset as reset_lib

    console = err if as_json else out

    def cleared(done: reset_lib.Cleared) -> None:
        console.print(
            f"  [green]✓[/green] dropped {done.objects} object(s), "
            f"deleted {done.auth_users} auth user(s)"
        )

    def seeded(done: reset_lib.Seeded) -> None:
        rows = ", ".join(f"{n} {t.split('.')[-1]}" for t, n in done.rows.items() if n)
        console.print(f"  [green]✓[/green] {done.file} in {done.seconds:.2f}s: {rows}")

    result = reset_lib.reset(
        obj.target(),
        obj.project,
        remote_ok=yes,
        seed=not no_seed,
        options=engine_options(**timeouts),
        listener=reset_lib.ResetListener(
            phase=lambda name: console.print(f"[bold]{PHASES[name]}[/bold]"),
            cleared=cleared,
            seeded=seeded,
            migrate=listener(as_json),
        ),
    )
    if as_json:
        click.echo(json.dumps(reset_json(result), indent=2))
        return
    seed = "" if result.seeded is None else f" with {result.seeded.file}"
    out.print(f"reset {result.target} to {result.migrated.after or 'empty'}{seed}")


def reset_json(result: reset_lib.ResetResult) -> dict[str, Any]:
    """The JSON form of a reset's result."""
    from toolkit import render

    seeded = result.seeded
    return {
        "target": result.target,
        "cleared": {
            "schemas": list(result.cleared.schemas),
            "objects": result.cleared.objects,
            "auth_users": result.cleared.auth_users,
        },
        "migrated": render.run_json(result.migrated),
        "seed": None
        if seeded is None
        else {
            "file": seeded.file,
            "statements": seeded.statements,
            "seconds": round(seeded.seconds, 3),
            "loaded_at": seeded.loaded_at.isoformat(),
            "rows": seeded.rows,
        },
    }
