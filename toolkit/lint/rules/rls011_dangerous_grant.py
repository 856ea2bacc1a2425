"""RLS011: API roles granted ``all`` or a dangerous privilege (toolkit.security) on tables."""

from __future__ import annotations

from collections.abc import Iterator

from toolkit.security import is_dangerous_privilege

from ..model import Model
from ..pgast import display
from .base import Hit, Rule, register


@register
class DangerousGrant(Rule):
    """Table privilege beyond select/insert/update/delete granted to an API role.

    ``truncate`` ignores row level security entirely, ``trigger`` and
    ``references`` let a role attach behaviour or constraints to the table,
    ``maintain`` lets it vacuum, reindex and lock the table, and ``all``
    includes every one. ``anon`` and ``authenticated`` (and PUBLIC) get
    exactly the commands their policies allow.

    **Anti-pattern**

    .. code-block:: sql

        grant all on public.notes to authenticated;

    **Best practice**

    .. code-block:: sql

        revoke all on public.notes from anon, authenticated;
        grant select, insert, update, delete on public.notes to authenticated;
    """

    id = "RLS011"
    severity = "error"
    title = "dangerous-grant"
    hint = "Grant only select / insert / update / delete, as the policies allow."

    def check(self, model: Model) -> Iterator[Hit]:
        for grant in model.grants:
            roles = [r for r in grant.grantees if r in model.project.api_grantees()]
            privileges = [p for p in grant.privileges if is_dangerous_privilege(p)]
            if roles and privileges:
                objects = ", ".join(display(o) for o in grant.objects)
                yield Hit(
                    grant.location,
                    f"grant of {', '.join(privileges)} on {objects} to {', '.join(roles)}",
                )
