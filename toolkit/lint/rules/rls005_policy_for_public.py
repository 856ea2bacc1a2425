"""RLS005: a policy for PUBLIC rather than a named role."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Model
from ..pgast import display
from .base import Hit, Rule, register


@register
class PolicyForPublic(Rule):
    """Policy applies to PUBLIC; name the roles it is for.

    A policy without ``to`` (or ``to public``) applies to every role, ``anon``
    included, which is rarely what the author meant and hides intent from the
    reviewer. mashdb's convention: ``to authenticated`` or ``to anon, authenticated``.

    **Anti-pattern**

    .. code-block:: sql

        create policy notes_select on public.notes for select
            using (owner_id = (select auth.uid()));

    **Best practice**

    .. code-block:: sql

        create policy notes_select on public.notes for select to authenticated
            using (owner_id = (select auth.uid()));
    """

    id = "RLS005"
    severity = "error"
    title = "policy-for-public"
    hint = "Add `to authenticated` (or `to anon, authenticated`) to the policy."

    def check(self, model: Model) -> Iterator[Hit]:
        for policy in model.policies:
            if "public" in policy.roles:
                yield Hit(
                    policy.location,
                    f"policy {policy.name} on {display(policy.table)} applies to PUBLIC "
                    "(every role, anon included)",
                )
