"""RLS004: a write policy whose check is constant ``true``."""

from __future__ import annotations

from collections.abc import Iterator

from toolkit.security import is_always_true

from ..model import Model
from ..pgast import deparse, display
from ._expr import expanded_roles
from .base import Hit, Rule, register


@register
class AlwaysTrueWritePolicy(Rule):
    """Write policy is always true: any user it applies to can change any row.

    ``using (true)`` on an UPDATE / DELETE / ALL policy, or ``with check (true)``
    on an INSERT / UPDATE / ALL policy, lets every role the policy names write
    every row (Supabase splinter: ``rls_policy_always_true``). Writes that must
    not be scoped belong to ``service_role`` (which bypasses RLS) or to a
    SECURITY DEFINER function that checks its caller. Read-only ``using (true)``
    policies for public data are not reported.

    **Anti-pattern**

    .. code-block:: sql

        create policy notes_update on public.notes for update to authenticated
            using (true) with check (true);

    **Best practice**

    .. code-block:: sql

        create policy notes_update on public.notes for update to authenticated
            using (owner_id = (select auth.uid()))
            with check (owner_id = (select auth.uid()));
    """

    id = "RLS004"
    severity = "error"
    title = "always-true-write-policy"
    hint = "Scope the policy to the caller's rows, e.g. `owner_id = (select auth.uid())`."

    def check(self, model: Model) -> Iterator[Hit]:
        for policy in model.policies:
            roles = expanded_roles(policy.roles, model.project.api_roles)
            if policy.command == "select" or not roles:
                continue
            using = policy.using
            check = policy.with_check if policy.with_check is not None else using
            clauses = []
            if policy.command in ("update", "delete", "all") and is_always_true(deparse(using)):
                clauses.append("using")
            if policy.command in ("insert", "update", "all") and is_always_true(deparse(check)):
                clauses.append("with check")
            if clauses:
                yield Hit(
                    policy.location,
                    f"{policy.command} policy {policy.name} on {display(policy.table)} is "
                    f"always true ({' and '.join(clauses)}) for "
                    f"{', '.join(policy.roles)}",
                )
