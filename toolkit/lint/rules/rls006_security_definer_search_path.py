"""RLS006: a SECURITY DEFINER function whose ``search_path`` is not ``pg_catalog, pg_temp``."""

from __future__ import annotations

from collections.abc import Iterator

from ... import searchpath
from ..model import Model
from ..pgast import display
from .base import Hit, Rule, register


@register
class SecurityDefinerWithoutSearchPath(Rule):
    """SECURITY DEFINER function does not pin its search_path to pg_catalog, pg_temp.

    A SECURITY DEFINER function runs with its owner's rights. Without ``set
    search_path`` a caller can put their own schema first in the path and make
    the function resolve an unqualified name to an object they control
    (Supabase splinter: ``function_search_path_mutable``). An empty path is not
    enough: unlisted, the caller's temporary schema is searched *first* for type
    names, so a temporary domain ``uuid`` whose check calls the caller's function
    runs that function with the owner's rights. List ``pg_temp`` last, explicitly.

    **Anti-pattern**

    .. code-block:: sql

        create function public.award_xp(p_user uuid, p_xp integer) returns void
            language sql security definer
            as $$ update public.profiles set xp = xp + p_xp where id = p_user $$;

    **Best practice**

    Pin ``pg_catalog, pg_temp`` and schema-qualify every other name.

    .. code-block:: sql

        create function public.award_xp(p_user uuid, p_xp integer) returns void
            language sql security definer set search_path = pg_catalog, pg_temp
            as $$ update public.profiles set xp = xp + p_xp where id = p_user $$;
    """

    id = "RLS006"
    severity = "error"
    title = "security-definer-without-search-path"
    hint = (
        f"Add `set search_path = {searchpath.REQUIRED}` to the function and schema-qualify "
        "every other name in it."
    )

    def check(self, model: Model) -> Iterator[Hit]:
        for function in model.functions:
            if function.security_definer and not searchpath.is_safe(function.search_path):
                kind = "procedure" if function.is_procedure else "function"
                path = function.search_path
                problem = (
                    "does not set search_path"
                    if path is None
                    else f"sets search_path = {path}, not {searchpath.REQUIRED}"
                )
                yield Hit(
                    function.location,
                    f"security definer {kind} {display(function.key)}({function.signature}) "
                    + problem,
                )
