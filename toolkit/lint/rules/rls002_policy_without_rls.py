"""RLS002: policies exist but row level security is off, so they do nothing."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Model
from ..pgast import display
from .base import Hit, Rule, register


@register
class PolicyExistsRlsDisabled(Rule):
    """Table has policies but row level security is disabled, so they are ignored.

    Policies only apply once RLS is enabled on their table; until then the
    table is as open as its grants allow and the policies give a false sense of
    safety (Supabase splinter: ``policy_exists_rls_disabled``).

    **Anti-pattern**

    .. code-block:: sql

        create table public.notes (id bigint primary key, owner_id uuid not null);
        create policy notes_select on public.notes for select to authenticated
            using (owner_id = (select auth.uid()));

    **Best practice**

    .. code-block:: sql

        create table public.notes (id bigint primary key, owner_id uuid not null);
        alter table public.notes enable row level security;
        create policy notes_select on public.notes for select to authenticated
            using (owner_id = (select auth.uid()));
    """

    id = "RLS002"
    severity = "error"
    title = "policy-exists-rls-disabled"
    hint = "Enable row level security on the table in its migration."

    def check(self, model: Model) -> Iterator[Hit]:
        for table in model.tables:
            policies = model.policies_on(table.key)
            if policies and not table.rls_enabled:
                names = ", ".join(p.name for p in policies)
                yield Hit(
                    policies[0].location,
                    f"{display(table.key)} has policies ({names}) but row level security "
                    "is disabled, so they have no effect",
                    f"Add `alter table {display(table.key)} enable row level security;`.",
                )
