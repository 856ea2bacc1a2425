"""RLS008: a column a policy filters on that no index leads."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Model
from ..pgast import display
from ._expr import compared_columns
from .base import Hit, Rule, register


@register
class UnindexedPolicyColumn(Rule):
    """Policy filters on a column that no index leads.

    A policy's ``using`` condition is added to every query on the table. A
    column it matches against the caller (``owner_id = (select auth.uid())``,
    ``team_id in (select …)``) should be the first column of an index, or every
    per-user query scans the table. Primary keys and unique constraints count
    as indexes; ``with check`` conditions only test new rows and are not read.

    **Anti-pattern**

    .. code-block:: sql

        create table public.notes (id bigint primary key, owner_id uuid not null);
        alter table public.notes enable row level security;
        create policy notes_select on public.notes for select to authenticated
            using (owner_id = (select auth.uid()));

    **Best practice**

    .. code-block:: sql

        create table public.notes (id bigint primary key, owner_id uuid not null);
        alter table public.notes enable row level security;
        create index notes_owner_id_idx on public.notes (owner_id);
        create policy notes_select on public.notes for select to authenticated
            using (owner_id = (select auth.uid()));
    """

    id = "RLS008"
    severity = "warning"
    title = "unindexed-policy-column"
    hint = "Create an index whose first column is the filtered column."

    def check(self, model: Model) -> Iterator[Hit]:
        reported: set[tuple[tuple[str, str], str]] = set()
        for policy in model.policies:
            table = model.table(policy.table)
            if table is None or policy.using is None:
                continue
            leading = {i.columns[0] for i in model.indexes_on(table.key) if i.columns}
            for column in compared_columns(policy.using, table.key[1]):
                if column in leading or (table.key, column) in reported:
                    continue
                if table.columns and column not in table.columns:
                    continue
                reported.add((table.key, column))
                yield Hit(
                    policy.location,
                    f"policy {policy.name} filters {display(table.key)}.{column}, "
                    "which no index leads",
                    f"Add `create index on {display(table.key)} ({column});`.",
                )
