"""RLS010: a view in an exposed schema that runs with its owner's rights."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Model
from ..pgast import display
from .base import Hit, Rule, register


@register
class ViewWithoutSecurityInvoker(Rule):
    """View in an exposed schema does not use security_invoker, so it bypasses RLS.

    A view runs its query with the view owner's rights by default; the owner
    usually owns the tables, so their RLS policies do not apply and the view
    shows every row to whoever may select from it (Supabase splinter:
    ``security_definer_view``). Since PostgreSQL 15 ``security_invoker`` makes
    the view check the caller's rights and policies.

    **Anti-pattern**

    .. code-block:: sql

        create view public.note_titles as select id, title from public.notes;

    **Best practice**

    .. code-block:: sql

        create view public.note_titles with (security_invoker = true) as
            select id, title from public.notes;
    """

    id = "RLS010"
    severity = "error"
    title = "view-without-security-invoker"
    hint = "Create the view `with (security_invoker = true)`."

    def check(self, model: Model) -> Iterator[Hit]:
        for view in model.views:
            if model.is_exposed(view.key) and not view.security_invoker:
                yield Hit(
                    view.location,
                    f"view {display(view.key)} runs with its owner's rights "
                    "(no security_invoker) and bypasses RLS",
                    f"Add `with (security_invoker = true)` or "
                    f"`alter view {display(view.key)} set (security_invoker = true);`.",
                )
