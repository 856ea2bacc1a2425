"""The one rule for a SECURITY DEFINER function's ``search_path``, shared by lint, the RLS
gate and review: ``pg_catalog`` first and ``pg_temp`` last, both listed explicitly.

An empty path (``''``) is *not* enough: a schema that is not listed is searched anyway —
``pg_catalog`` first, and the session's temporary schema even before it for relation and
type names — so a caller's ``create domain pg_temp.uuid ... check (pg_temp.f(value))``
would run ``f`` with the owner's rights wherever the function names the type ``uuid``.
Listing ``pg_temp`` last puts it after every real schema.
"""

from __future__ import annotations

import itertools

REQUIRED = "pg_catalog, pg_temp"


def entries(value: str) -> list[str]:
    """The schemas of a search_path value as written (`pg_catalog, "pg_temp"`), unquoted
    and lower-cased; an empty path (`''` or `""`) has none."""
    names = [part.strip().strip("'\"").strip().lower() for part in value.split(",")]
    return [n for n in names if n]


def is_safe(value: str | None) -> bool:
    """True when a SECURITY DEFINER function's pinned path lists pg_catalog first and
    pg_temp last (`None` = not pinned)."""
    names = entries(value) if value is not None else []
    return len(names) >= 2 and names[0] == "pg_catalog" and names[-1] == "pg_temp"


def from_config(config: list[str] | str | None) -> str | None:
    """The search_path of a function's `proconfig` (a list, or the comma-joined text the
    catalog snapshot keeps); `None` when it sets none."""
    if config is None:
        return None
    settings = [config] if isinstance(config, str) else list(config)
    for setting in settings:
        _, found, value = setting.partition("search_path=")
        if found:
            # in the joined text, the next setting (`name=value`) ends the path
            return ",".join(itertools.takewhile(lambda part: "=" not in part, value.split(",")))
    return None
