"""What a schema item is about: its table, the line it folds into, and the SQL to read.

`toolkit.review.classify` decides severities and titles; this module adds the context a
reviewer needs beside them (see `Item`): the table an item belongs to, so that a table's
columns, constraints, indexes and grants fold into a few lines, and `code` — a policy's
USING / WITH CHECK predicates or a function's definition, new or as a diff.
"""

from __future__ import annotations

import difflib
from dataclasses import replace

from toolkit.catalog import Change, Entry
from toolkit.review.findings import Item

_VOLATILITY = {"i": "immutable", "s": "stable", "v": "volatile"}


def change_items(ch: Change, items: list[Item]) -> list[Item]:
    """`items` (classified from `ch`) with table, group, member and code filled in."""
    table = _table_of(ch)
    group, member = _fold(ch)
    code = _code(ch)
    generic = f"{noun(ch.kind)} {ch.change}: {ch.key}"
    out = []
    for item in items:
        if not table:
            out.append(item)
        elif item.title.startswith(generic):
            out.append(replace(item, table=table, group=group, member=member))
        else:  # a finding of its own, e.g. "table public.t added without row level security"
            special = " ".join(item.title.replace(ch.key, "").split()).replace(" :", ":")
            short = "" if ch.kind == "tables" else ch.key.rsplit(".", 1)[-1]
            out.append(replace(item, table=table, group=special.rstrip(":"), member=short))
    if code and out:
        target = next((i for i, it in enumerate(out) if "body changed" in it.title), 0)
        out[target] = replace(out[target], code=code)
    return out


def grant_item(item: Item, kind: str, obj: str) -> Item:
    """A grant item of a table or of one of its columns, folded per table and grantee."""
    if kind == "table":
        table, member = obj, ""
    elif kind == "column":
        table, member = obj.rsplit(".", 1)
    else:
        return item
    group = item.title.replace(f" {kind} {obj}", f" {kind}")
    return replace(item, table=table, group=group, member=member)


def _table_of(ch: Change) -> str:
    entry = ch.after or ch.before
    assert entry is not None
    if ch.kind == "tables":
        return ch.key
    if ch.kind in ("indexes", "policies"):
        return str(entry.get("table_name"))
    if ch.kind in ("columns", "constraints", "triggers"):
        return ch.key.rsplit(".", 1)[0]
    if ch.kind == "comments":
        return _commented(ch.key)[0]
    return ""


def _commented(key: str) -> tuple[str, str]:
    """The table a comment's object belongs to, and the object within it
    (`table column:public.t.c` -> public.t, c; `policy:p on public.t` -> public.t, policy p)."""
    kind, _, identity = key.partition(":")
    if kind in ("table", "view", "materialized view", "foreign table"):
        return identity, kind
    if kind.endswith(" column"):
        table, _, column = identity.rpartition(".")
        return table, column
    name, on, table = identity.partition(" on ")
    if on and kind in ("policy", "trigger", "table constraint", "rule"):
        return table, f"{kind} {name}"
    return "", ""


def _fold(ch: Change) -> tuple[str, str]:
    """The line a change folds into within its table ("column added") and its part of it."""
    entry = ch.after or ch.before
    assert entry is not None
    what = noun(ch.kind)
    name = ch.key.rsplit(".", 1)[-1]
    if ch.kind == "comments":
        return f"comment {ch.change}", _commented(ch.key)[1]
    if ch.change == "changed":
        return f"{what} changed", f"{name} ({', '.join(ch.changed_fields)})"
    if ch.kind == "tables":
        return f"table {ch.change}", ""
    if ch.kind == "columns":
        return f"column {ch.change}", _column(name, entry)
    if ch.kind == "constraints" and entry.get("kind") == "n":
        return f"NOT NULL constraint {ch.change}", str(entry.get("definition")).split()[-1]
    if ch.kind == "constraints":
        return f"constraint {ch.change}", f"{name} {entry.get('definition')}"
    if ch.kind == "indexes":
        definition = str(entry.get("definition"))
        return f"index {ch.change}", f"{name} {definition.partition(' USING ')[2] or definition}"
    if ch.kind == "triggers":
        return f"trigger {ch.change}", str(entry.get("definition")).removeprefix("CREATE TRIGGER ")
    return f"{what} {ch.change}", name


def noun(kind: str) -> str:
    """A catalog kind's singular ("indexes" -> "index"), as titles use it."""
    plural = {"indexes": "index", "policies": "policy", "default_privileges": "default privilege"}
    return plural.get(kind, kind.removesuffix("s"))


def _column(name: str, entry: Entry) -> str:
    text = f"{name} {entry.get('data_type')}"
    if entry.get("default_expr"):
        text += f" default {entry.get('default_expr')}"
    return text


def _code(ch: Change) -> str:
    render = {"policies": policy_sql, "functions": function_sql}.get(ch.kind)
    if render is None:
        return ""
    if ch.before is not None and ch.after is not None:
        return "\n".join(
            difflib.unified_diff(
                render(ch.key, ch.before).splitlines(),
                render(ch.key, ch.after).splitlines(),
                "base",
                "head",
                lineterm="",
                n=2,
            )
        )
    entry = ch.after or ch.before
    assert entry is not None
    return render(ch.key, entry)


def policy_sql(key: str, entry: Entry) -> str:
    """A policy as the CREATE POLICY statement that makes it (predicates as pg_policies
    prints them)."""
    table = str(entry.get("table_name"))
    name = key.removeprefix(f"{table}.")
    lines = [
        f"create policy {name} on {table}",
        f"  as {str(entry.get('permissive')).lower()}"
        f" for {str(entry.get('command')).lower()}"
        f" to {str(entry.get('roles')).replace(',', ', ')}",
    ]
    if entry.get("using_expr"):
        lines.append(f"  using ({entry.get('using_expr')})")
    if entry.get("check_expr"):
        lines.append(f"  with check ({entry.get('check_expr')})")
    return "\n".join(lines) + ";"


def function_sql(key: str, entry: Entry) -> str:
    """A function as the CREATE FUNCTION statement that makes it (body as stored)."""
    options = [f"language {entry.get('language')}", _VOLATILITY.get(entry.get("volatility"), "")]
    if entry.get("security_definer"):
        options.append("security definer")
    if entry.get("config"):
        options.append(f"set {entry.get('config')}")
    body = str(entry.get("body") or "").strip("\n")
    return (
        f"create function {key} returns {entry.get('result')}\n"
        f"  {' '.join(o for o in options if o)}\n"
        f"as $$\n{body}\n$$;"
    )
