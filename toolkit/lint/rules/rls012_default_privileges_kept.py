"""RLS012: a table keeps dangerous privileges the schema's default privileges gave it."""

from __future__ import annotations

from collections.abc import Iterator

from toolkit.security import is_dangerous_privilege

from ..model import Location, Model
from ..pgast import display
from .base import Hit, Rule, register


@register
class DefaultPrivilegesKept(Rule):
    """Table keeps privileges beyond select/insert/update/delete from the default privileges.

    Supabase (and mashdb's bootstrap) runs ``alter default privileges in schema
    public grant all on tables to anon, authenticated``: every table a migration
    creates there starts with ``truncate``, ``references``, ``trigger`` and
    ``maintain`` for the API roles, although no ``grant`` in the migration says
    so. ``truncate`` empties the table past every policy. The migration that
    creates the table must revoke what the defaults gave, then grant exactly the
    commands its policies allow.

    **Anti-pattern**

    .. code-block:: sql

        alter default privileges in schema public grant all on tables to anon, authenticated;
        create table public.notes (id bigint primary key, body text);
        alter table public.notes enable row level security;

    **Best practice**

    .. code-block:: sql

        alter default privileges in schema public grant all on tables to anon, authenticated;
        create table public.notes (id bigint primary key, body text);
        alter table public.notes enable row level security;
        revoke all on public.notes from anon, authenticated;
        grant select, insert, update, delete on public.notes to authenticated;
    """

    id = "RLS012"
    severity = "error"
    title = "default-privileges-kept"
    hint = (
        "Add `revoke all on <table> from anon, authenticated;`, then grant what the policies allow."
    )

    def check(self, model: Model) -> Iterator[Hit]:
        api = model.project.api_grantees()
        kept: dict[tuple[str, str], dict[str, set[str]]] = {}
        origins: dict[tuple[str, str], Location] = {}
        for held in model.privileges:
            if held.default and held.role in api and is_dangerous_privilege(held.privilege):
                kept.setdefault(held.table, {}).setdefault(held.privilege, set()).add(held.role)
                origins[held.table] = held.origin
        for table in model.tables:
            if table.key not in kept or not model.is_exposed(table.key):
                continue
            privileges = kept[table.key]
            roles = sorted(set().union(*privileges.values()))
            origin = origins[table.key]
            yield Hit(
                table.location,
                f"{display(table.key)} keeps {', '.join(sorted(privileges))} for "
                f"{', '.join(roles)} from the default privileges "
                f"({origin.path}:{origin.line}); no statement revokes them",
                f"Add `revoke all on {display(table.key)} from {', '.join(roles)};` after "
                "creating it, then grant what its policies allow.",
            )
