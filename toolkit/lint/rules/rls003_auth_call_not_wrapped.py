"""RLS003: ``auth.uid()`` and friends called per row instead of once per statement."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Model
from ..pgast import display
from ._expr import bare_auth_calls, expressions
from .base import Hit, Rule, register


@register
class AuthCallNotWrapped(Rule):
    """Policy calls an auth function per row; wrap it as ``(select auth.uid())``.

    A bare ``auth.uid()`` (likewise ``auth.jwt()``, ``auth.role()``,
    ``current_setting()``) is evaluated for every row the policy filters.
    Wrapped in a scalar ``(select …)`` PostgreSQL runs it once per statement as
    an InitPlan (Supabase splinter: ``auth_rls_initplan``). A call inside a
    subquery that has a FROM clause is also evaluated per row and is reported.

    **Anti-pattern**

    .. code-block:: sql

        create policy notes_select on public.notes for select to authenticated
            using (owner_id = auth.uid());

    **Best practice**

    .. code-block:: sql

        create policy notes_select on public.notes for select to authenticated
            using (owner_id = (select auth.uid()));
    """

    id = "RLS003"
    severity = "warning"
    title = "auth-call-not-wrapped"
    hint = "Write `(select auth.uid())` instead of `auth.uid()`."

    def check(self, model: Model) -> Iterator[Hit]:
        for policy in model.policies:
            calls = sorted(
                {call for _, node in expressions(policy) for call in bare_auth_calls(node)}
            )
            if calls:
                listed = ", ".join(calls)
                yield Hit(
                    policy.location,
                    f"policy {policy.name} on {display(policy.table)} calls {listed} per row",
                    "Wrap each call in a scalar subquery: "
                    + ", ".join(f"(select {c})" for c in calls)
                    + ".",
                )
