"""Small helpers over pglast nodes: walking with ancestors, names, literals."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pglast import ast
from pglast.enums.parsenodes import RoleSpecType

DEFAULT_SCHEMA = "public"


def walk(node: Any, ancestors: tuple[Any, ...] = ()) -> Iterator[tuple[Any, tuple[Any, ...]]]:
    """Yield ``(node, ancestors)`` for ``node`` and every pglast node below it, depth first."""
    if isinstance(node, (tuple, list)):
        for item in node:
            yield from walk(item, ancestors)
        return
    if not isinstance(node, ast.Node):
        return
    yield node, ancestors
    inner = (*ancestors, node)
    for attr in type(node).__slots__:
        value = getattr(node, attr, None)
        if isinstance(value, (ast.Node, tuple, list)):
            yield from walk(value, inner)


def strings(values: Any) -> tuple[str, ...]:
    """The ``sval`` of a tuple of ``String`` nodes (names, attribute lists)."""
    return tuple(v.sval for v in values or () if isinstance(v, ast.String))


def relation_key(rangevar: Any) -> tuple[str, str]:
    """``(schema, name)`` of a ``RangeVar``; an unqualified name is in ``public``."""
    return (rangevar.schemaname or DEFAULT_SCHEMA, rangevar.relname)


def qualified_key(names: tuple[str, ...]) -> tuple[str, str]:
    """``(schema, name)`` from a qualified name list such as ``('public', 't')``."""
    if len(names) >= 2:
        return (names[-2], names[-1])
    return (DEFAULT_SCHEMA, names[-1])


def display(key: tuple[str, str]) -> str:
    """``schema.name``."""
    return f"{key[0]}.{key[1]}"


def deparse(node: Any) -> str:
    """SQL text of an expression node (best effort, for messages)."""
    if node is None:
        return ""
    try:
        from pglast.stream import RawStream

        return RawStream()(node)
    except Exception:  # messages must never crash the linter
        return type(node).__name__


def bool_option(arg: Any) -> bool:
    """Value of a boolean ``DefElem`` argument (``true``/``on``/``1``/absent mean true)."""
    if arg is None:
        return True
    if isinstance(arg, ast.Boolean):
        return bool(arg.boolval)
    if isinstance(arg, ast.Integer):
        return arg.ival != 0
    if isinstance(arg, ast.String):
        return arg.sval.strip().lower() in {"true", "on", "yes", "1", "t", "y"}
    if isinstance(arg, ast.A_Const):
        return bool_option(arg.val)
    return False


def role_names(specs: Any) -> tuple[str, ...]:
    """Role names of a list of ``RoleSpec`` nodes; ``('public',)`` for none or PUBLIC."""
    names = []
    for spec in specs or ():
        if spec.roletype == RoleSpecType.ROLESPEC_PUBLIC:
            names.append("public")
        elif spec.roletype == RoleSpecType.ROLESPEC_CSTRING:
            names.append(spec.rolename)
        else:
            names.append(spec.roletype.name.removeprefix("ROLESPEC_").lower())
    return tuple(names) or ("public",)
