"""RLS000: a file PostgreSQL's own parser rejects."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Model
from .base import Hit, Rule, register


@register
class ParseError(Rule):
    """SQL file does not parse with PostgreSQL's parser.

    The file is checked with pglast (libpg_query, PostgreSQL 18's grammar). A file
    that does not parse fails at ``migrate`` time, and none of the RLS rules can
    see the objects it defines.

    **Anti-pattern**

    .. code-block:: sql

        create table public.notes (id bigint primary key,);

    **Best practice**

    .. code-block:: sql

        create table public.notes (id bigint primary key);
    """

    id = "RLS000"
    severity = "error"
    title = "sql-parse-error"
    hint = "Fix the syntax error; the other RLS rules skip this file until it parses."

    def check(self, model: Model) -> Iterator[Hit]:
        for failure in model.parse_failures:
            yield Hit(failure.location, f"SQL does not parse: {failure.message}")
