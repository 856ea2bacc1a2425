"""RLS006: a SECURITY DEFINER function without a pinned ``search_path``."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Model
from ..pgast import display
from .base import Hit, Rule, register


@register
class SecurityDefinerWithoutSearchPath(Rule):
    """SECURITY DEFINER function does not pin its search_path.

    A SECURITY DEFINER function runs with its owner's rights. Without ``set
    search_path`` a caller can put their own schema first in the path and make
    the function resolve an unqualified name to an object they control
    (Supabase splinter: ``function_search_path_mutable``).

    **Anti-pattern**

    .. code-block:: sql

        create function public.award_xp(p_user uuid, p_xp integer) returns void
            language sql security definer
            as $$ update public.profiles set xp = xp + p_xp where id = p_user $$;

    **Best practice**

    Pin an empty (or ``pg_catalog, public``) path and schema-qualify every name.

    .. code-block:: sql

        create function public.award_xp(p_user uuid, p_xp integer) returns void
            language sql security definer set search_path = ''
            as $$ update public.profiles set xp = xp + p_xp where id = p_user $$;
    """

    id = "RLS006"
    severity = "error"
    title = "security-definer-without-search-path"
    hint = "Add `set search_path = ''` to the function and schema-qualify every name in it."

    def check(self, model: Model) -> Iterator[Hit]:
        for function in model.functions:
            if function.security_definer and function.search_path is None:
                kind = "procedure" if function.is_procedure else "function"
                yield Hit(
                    function.location,
                    f"security definer {kind} {display(function.key)}({function.signature}) "
                    "does not set search_path",
                )
