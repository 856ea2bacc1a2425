"""RLS007: a foreign key whose columns lead no index."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Model
from ..pgast import display
from .base import Hit, Rule, register


@register
class UnindexedForeignKey(Rule):
    """Foreign key has no index on its columns.

    PostgreSQL indexes the referenced key, not the referencing columns. Without
    an index, deleting or updating a referenced row scans the referencing table
    under lock, and joins and policies that follow the key scan too (Supabase
    splinter: ``unindexed_foreign_keys``). An index counts when the key's
    columns are its leading columns, in any order.

    **Anti-pattern**

    .. code-block:: sql

        create table public.mashups (id bigint primary key);
        create table public.comments (
            id bigint primary key,
            mashup_id bigint not null references public.mashups (id)
        );

    **Best practice**

    .. code-block:: sql

        create table public.mashups (id bigint primary key);
        create table public.comments (
            id bigint primary key,
            mashup_id bigint not null references public.mashups (id)
        );
        create index comments_mashup_id_idx on public.comments (mashup_id);
    """

    id = "RLS007"
    severity = "info"
    title = "unindexed-foreign-key"
    hint = "Create an index whose leading columns are the foreign key's columns."

    def check(self, model: Model) -> Iterator[Hit]:
        for fk in model.foreign_keys:
            wanted = set(fk.columns)
            covered = any(
                set(index.columns[: len(fk.columns)]) == wanted and not index.partial
                for index in model.indexes_on(fk.table)
            )
            if not covered:
                columns = ", ".join(fk.columns)
                yield Hit(
                    fk.location,
                    f"foreign key {fk.name} on {display(fk.table)} ({columns}) "
                    f"-> {display(fk.ref_table)} has no covering index",
                    f"Add `create index on {display(fk.table)} ({columns});`.",
                )
