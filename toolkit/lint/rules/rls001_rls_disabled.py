"""RLS001: a table in an exposed schema without row level security."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Model
from ..pgast import display
from .base import Hit, Rule, register


@register
class RlsDisabledInExposedSchema(Rule):
    """Row level security is disabled on a table in an exposed schema.

    Tables in ``public`` (and ``graphql_public``) are reachable through the API by
    ``anon`` and ``authenticated``. Without RLS, every privilege granted on the
    table applies to every row (Supabase splinter: ``rls_disabled_in_public``).

    **Anti-pattern**

    .. code-block:: sql

        create table public.notes (id bigint primary key, body text);

    **Best practice**

    Enable RLS in the migration that creates the table, then write its policy file.

    .. code-block:: sql

        create table public.notes (id bigint primary key, body text);
        alter table public.notes enable row level security;
    """

    id = "RLS001"
    severity = "error"
    title = "rls-disabled-in-exposed-schema"
    hint = "Add `alter table <table> enable row level security;` to the creating migration."

    def check(self, model: Model) -> Iterator[Hit]:
        for table in model.tables:
            if model.is_exposed(table.key) and not table.rls_enabled:
                yield Hit(
                    table.location,
                    f"row level security is disabled on {display(table.key)}, "
                    "which is exposed through the API",
                    f"Add `alter table {display(table.key)} enable row level security;`.",
                )
