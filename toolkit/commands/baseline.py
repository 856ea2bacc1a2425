"""`mashdb baseline`: adopt an existing database (toolkit/baseline.py does the work)."""

from __future__ import annotations

import json

import click

from toolkit.commands.options import Context, database_option, history_option, json_option, out


@click.command()
@click.option("--to", "to", metavar="VERSION", help="Adopt the migrations up to VERSION.")
@click.option(
    "--from-supabase",
    is_flag=True,
    help="Adopt the migrations supabase_migrations.schema_migrations records.",
)
@click.option(
    "--scratch-url",
    metavar="URL",
    help="Server for the throwaway database that shows what the migrations create "
    "(default: the project's embedded server).",
)
@history_option
@click.option("--dry-run", is_flag=True, help="Check and report; mark nothing.")
@json_option
@database_option
@click.pass_obj
def baseline(
    obj: Context,
    to: str | None,
    from_supabase: bool,
    scratch_url: str | None,
    no_supabase_history: bool,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Mark migrations another tool applied as applied, without running them.

    Each migration's objects (tables, columns, constraints, indexes, functions, triggers,
    policies, the API roles' grants) are derived by applying the files to a throwaway
    database, and must all be in the target's catalog: otherwise the differences are listed
    and nothing is marked. Then `mashdb migrate` applies the rest and the repeatables.
    """
    from toolkit import baseline as adopt
    from toolkit import engine, render

    result = adopt.baseline(
        obj.target(),
        obj.project,
        to=to,
        from_supabase=from_supabase,
        scratch_url=scratch_url,
        dry_run=dry_run,
        options=engine.Options(supabase_history=False if no_supabase_history else None),
    )
    if as_json:
        click.echo(json.dumps(render.to_jsonable(result), indent=2))
        return
    verb = "would adopt" if dry_run else "adopted"
    how = "from the Supabase history" if result.applied_by == "supabase" else "as baselined"
    if result.marked:
        out.print(
            f"{verb} {len(result.marked)} migration(s) {how}: {result.marked[0]} … "
            f"{result.marked[-1]} ({result.checked} catalog objects checked, {result.target})"
        )
    else:
        out.print(f"nothing to adopt: {len(result.already_applied)} migration(s) already applied")
    if result.matched:
        out.print("matched in supabase_migrations.schema_migrations:")
        for row, mid in result.matched:
            out.print(f"  {row} → {mid}")
    if result.unmatched:
        out.print("not matched (no migration of this project by number and name):")
        for row in result.unmatched:
            out.print(f"  {row}")
    if result.marked and not dry_run:
        out.print("next: mashdb migrate applies the later migrations, functions and policies")
