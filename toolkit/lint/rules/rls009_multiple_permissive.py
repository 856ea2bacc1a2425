"""RLS009: several permissive policies for the same role and command."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..model import Model, Policy
from ..pgast import display
from ._expr import expanded_commands, expanded_roles
from .base import Hit, Rule, register


@register
class MultiplePermissivePolicies(Rule):
    """Several permissive policies apply to one role and command; merge them.

    PostgreSQL evaluates every permissive policy that applies and ORs them, so
    each extra policy costs on every row, and the effective rule is split
    across places (Supabase splinter: ``multiple_permissive_policies``). PUBLIC
    counts as ``anon`` and ``authenticated``; ``for all`` as each command.

    **Anti-pattern**

    .. code-block:: sql

        create policy notes_own on public.notes for select to authenticated
            using (owner_id = (select auth.uid()));
        create policy notes_published on public.notes for select to authenticated
            using (published);

    **Best practice**

    .. code-block:: sql

        create policy notes_select on public.notes for select to authenticated
            using (published or owner_id = (select auth.uid()));
    """

    id = "RLS009"
    severity = "warning"
    title = "multiple-permissive-policies"
    hint = "Merge the policies into one per role and command (OR their conditions)."

    def check(self, model: Model) -> Iterator[Hit]:
        groups: dict[tuple[tuple[str, str], str, str], list[Policy]] = defaultdict(list)
        for policy in model.policies:
            if not policy.permissive:
                continue
            for role in expanded_roles(policy.roles, model.project.api_roles):
                for command in expanded_commands(policy.command):
                    groups[(policy.table, role, command)].append(policy)
        merged: dict[tuple[tuple[str, str], tuple[str, ...]], list[str]] = defaultdict(list)
        for (table, role, command), policies in groups.items():
            if len(policies) > 1:
                names = tuple(p.name for p in policies)
                merged[(table, names)].append(f"{role}/{command}")
        for (table, names), pairs in merged.items():
            last = [p for p in model.policies_on(table) if p.name == names[-1]][0]
            yield Hit(
                last.location,
                f"{display(table)} has {len(names)} permissive policies "
                f"({', '.join(names)}) for {', '.join(sorted(pairs))}",
            )
