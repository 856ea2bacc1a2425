"""Expression helpers shared by the policy rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pglast import ast
from pglast.enums.parsenodes import A_Expr_Kind
from pglast.enums.primnodes import SubLinkType

from toolkit.security import PUBLIC

from ..model import Policy
from ..pgast import strings, walk

AUTH_FUNCTIONS = {
    ("auth", "uid"),
    ("auth", "jwt"),
    ("auth", "role"),
    ("auth", "email"),
    ("current_setting",),
    ("pg_catalog", "current_setting"),
}
"""Per-statement-constant calls that PostgreSQL re-evaluates per row unless wrapped."""

BYPASS_ROLES = {"service_role", "postgres", "supabase_admin"}
"""Roles that bypass RLS (or own the tables): policies for them alone are not exposure."""

WRITE_COMMANDS = ("insert", "update", "delete")
ALL_COMMANDS = ("select", "insert", "update", "delete")


def expressions(policy: Policy) -> Iterator[tuple[str, Any]]:
    """``('using', node)`` and ``('with check', node)`` for the clauses the policy has."""
    if policy.using is not None:
        yield "using", policy.using
    if policy.with_check is not None:
        yield "with check", policy.with_check


def bare_auth_calls(node: Any) -> Iterator[str]:
    """Names of auth calls not evaluated once per statement (not in a ``select`` without FROM)."""
    for found, ancestors in walk(node):
        if not isinstance(found, ast.FuncCall):
            continue
        name = strings(found.funcname)
        if name not in AUTH_FUNCTIONS:
            continue
        selects = [a for a in ancestors if isinstance(a, ast.SelectStmt)]
        if selects and not selects[-1].fromClause:
            continue
        yield ".".join(name) + "()"


def _per_caller(node: Any) -> bool:
    """Whether an operand depends on the caller: a subquery or an auth function call."""
    for found, _ in walk(node):
        if isinstance(found, ast.SubLink):
            return True
        if isinstance(found, ast.FuncCall) and strings(found.funcname) in AUTH_FUNCTIONS:
            return True
    return False


def compared_columns(node: Any, table: str) -> Iterator[str]:
    """Columns of the policy's table that a filter matches against the caller.

    That is a column compared with ``=`` / ``in`` to a subquery or an auth call
    (``owner_id = (select auth.uid())``, ``team_id in (select …)``), outside any
    subquery. Comparisons with constants (``visibility = 'public'``) are not
    per-user filters and are left alone.
    """
    for found, ancestors in walk(node):
        if any(isinstance(a, ast.SelectStmt) for a in ancestors):
            continue
        pairs: tuple[tuple[Any, Any], ...] = ()
        if isinstance(found, ast.A_Expr):
            is_eq = found.kind == A_Expr_Kind.AEXPR_OP and strings(found.name) == ("=",)
            if is_eq or found.kind == A_Expr_Kind.AEXPR_IN:
                pairs = ((found.lexpr, found.rexpr), (found.rexpr, found.lexpr))
        elif isinstance(found, ast.SubLink) and found.subLinkType == SubLinkType.ANY_SUBLINK:
            pairs = ((found.testexpr, found.subselect),)
        for operand, other in pairs:
            if isinstance(operand, ast.ColumnRef) and _per_caller(other):
                fields = strings(operand.fields)
                if len(fields) == 1 or (len(fields) == 2 and fields[0] == table):
                    yield fields[-1]


def expanded_roles(roles: tuple[str, ...], api_roles: tuple[str, ...]) -> set[str]:
    """Roles a policy applies to, PUBLIC expanded to the API roles, bypassing roles dropped."""
    expanded = set(roles)
    if PUBLIC in expanded:
        expanded.discard(PUBLIC)
        expanded.update(api_roles)
    return expanded - BYPASS_ROLES


def expanded_commands(command: str) -> tuple[str, ...]:
    """``all`` as its four commands; any other command as itself."""
    return ALL_COMMANDS if command == "all" else (command,)
