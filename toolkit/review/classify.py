"""Classify catalog differences (toolkit.catalog.Change) into review items."""

from __future__ import annotations

import difflib

from toolkit import searchpath, security
from toolkit.catalog import Change
from toolkit.review.annotate import change_items, grant_item, noun
from toolkit.review.findings import Item


def schema_items(
    changes: list[Change], project: security.ProjectConfig | None = None
) -> list[Item]:
    """One item per schema change (grants grouped per object and grantee), with severity;
    `project` (default: mashdb.toml's defaults) says who the API is and what it exposes."""
    project = project or security.ProjectConfig()
    items: list[Item] = []
    grants: dict[tuple[str, str, str, str], list[str]] = {}
    for ch in changes:
        if ch.kind == "grants":
            kind, rest = ch.key.split(":", 1)
            obj, grantee, privilege = rest.rsplit(":", 2)
            grants.setdefault((ch.change, kind, obj, grantee), []).append(privilege)
            continue
        handler = _HANDLERS.get(ch.kind, _generic)
        items.extend(change_items(ch, _tables(ch, project) if ch.kind == "tables" else handler(ch)))
    for (change, kind, obj, grantee), privileges in sorted(grants.items()):
        item = _grant_item(change, kind, obj, grantee, sorted(privileges), project)
        if item is not None:
            items.append(grant_item(item, kind, obj))
    return items


def _generic(ch: Change) -> list[Item]:
    fields = f" ({', '.join(ch.changed_fields)})" if ch.changed_fields else ""
    return [Item("schema", "info", f"{noun(ch.kind)} {ch.change}: {ch.key}{fields}")]


def _tables(ch: Change, project: security.ProjectConfig) -> list[Item]:
    after = ch.after
    exposed = project.is_exposed(ch.key.split(".", 1)[0])
    if after is not None and after.get("kind") in ("r", "p") and exposed:
        if not after.get("rls_enabled") and (ch.before is None or ch.before.get("rls_enabled")):
            verb = "added without" if ch.change == "added" else "changed to disable"
            return [
                Item(
                    "schema",
                    "dangerous",
                    f"table {ch.key} {verb} row level security",
                    "every table in an exposed schema must enable RLS",
                )
            ]
    if ch.change == "removed":
        return [
            Item(
                "schema",
                "needs-review",
                f"table removed: {ch.key}",
                "its rows are dropped with it",
            )
        ]
    return _generic(ch)


def _columns(ch: Change) -> list[Item]:
    if ch.change == "removed":
        return [
            Item(
                "schema",
                "needs-review",
                f"column removed: {ch.key}",
                "its values are dropped with it",
            )
        ]
    if ch.change == "changed" and "data_type" in ch.changed_fields:
        return [
            Item(
                "schema",
                "needs-review",
                f"column type changed: {ch.key} {ch.before.get('data_type')} → "  # type: ignore[union-attr]
                f"{ch.after.get('data_type')}",
                "may rewrite the table",
            )
        ]  # type: ignore[union-attr]
    return _generic(ch)


def _functions(ch: Change) -> list[Item]:
    after, before = ch.after, ch.before
    if after is None:
        return [Item("schema", "needs-review", f"function removed: {ch.key}", "")]
    items = []
    definer = bool(after.get("security_definer"))
    path = searchpath.from_config(after.get("config") or None)
    if definer and not searchpath.is_safe(path):
        what = "without search_path" if path is None else f"with search_path = {path}"
        items.append(
            Item(
                "schema",
                "dangerous",
                f"SECURITY DEFINER function {what}: {ch.key}",
                f"pin it: `set search_path = {searchpath.REQUIRED}` "
                "(and schema-qualify names in the body)",
            )
        )
    elif definer and (before is None or not before.get("security_definer")):
        items.append(
            Item(
                "schema",
                "needs-review",
                f"SECURITY DEFINER function: {ch.key}",
                "runs with its owner's rights; check how it checks its caller",
            )
        )
    if before is not None and before.get("body") != after.get("body"):
        diff = "\n".join(
            difflib.unified_diff(
                (before.get("body") or "").splitlines(),
                (after.get("body") or "").splitlines(),
                "base",
                "head",
                lineterm="",
                n=1,
            )
        )
        items.append(Item("schema", "needs-review", f"function body changed: {ch.key}", diff))
    other = [f for f in ch.changed_fields if f != "body"]
    if before is not None and other:
        items.append(
            Item(
                "schema",
                "needs-review",
                f"function changed: {ch.key} ({', '.join(other)})",
                "",
            )
        )
    if before is None and not items:
        items.append(Item("schema", "info", f"function added: {ch.key}", ""))
    return items


def _grant_item(
    change: str,
    kind: str,
    obj: str,
    grantee: str,
    privileges: list[str],
    project: security.ProjectConfig,
) -> Item | None:
    what = ", ".join(privileges)
    if grantee not in project.api_grantees():
        return None  # the owner's and service_role's (BYPASSRLS) grants are not the question
    if change == "removed":
        return Item("schema", "safe", f"{grantee} loses {what} on {kind} {obj}")
    dangerous = kind == "table" and any(security.is_dangerous_privilege(p) for p in privileges)
    return Item(
        "schema",
        "dangerous" if dangerous else "needs-review",
        f"{grantee} gains {what} on {kind} {obj}",
    )


def _policies(ch: Change) -> list[Item]:
    entry = ch.after or ch.before
    assert entry is not None
    detail = (
        f"{entry.get('command')} to {entry.get('roles')} using ({entry.get('using_expr')})"
        f" with check ({entry.get('check_expr')})"
    )
    if ch.change == "changed":
        b = ch.before
        assert b is not None
        detail = (
            f"before: using ({b.get('using_expr')}) with check ({b.get('check_expr')})\n"
            f"after:  using ({entry.get('using_expr')}) with check "
            f"({entry.get('check_expr')})"
        )
    severity = "dangerous" if "public" in str(entry.get("roles")).split(",") else "needs-review"
    if ch.change == "removed":
        severity = "needs-review"
    return [Item("schema", severity, f"policy {ch.change}: {ch.key}", detail)]


_HANDLERS = {
    "columns": _columns,
    "functions": _functions,
    "policies": _policies,
}
