"""The security facts lint, the RLS gate and review share, and the project configuration
that sets the project-specific ones: `mashdb.toml` at the project root.

    [api]
    roles = ["anon", "authenticated"]            # the roles API clients act as
    exposed_schemas = ["public", "graphql_public"]  # schemas the API serves

    [lint]                                       # lint settings (docs/lint.md)

    [supabase]
    history = true   # keep supabase_migrations.schema_migrations in step (docs/supabase.md)

Every key is optional; the defaults are Supabase's. An unknown key is an error, so a typo
cannot silently widen or narrow a check. Definer hygiene (a SECURITY DEFINER function's
search_path) is the rule of `toolkit.searchpath`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.errors import ConfigError

CONFIG_FILE = "mashdb.toml"
PUBLIC = "public"
"""The PUBLIC pseudo-role: a grant or policy for it reaches every API role."""

API_ROLES: tuple[str, ...] = ("anon", "authenticated")
EXPOSED_SCHEMAS: tuple[str, ...] = ("public", "graphql_public")

DANGEROUS_TABLE_PRIVILEGES = ("truncate", "references", "trigger", "maintain")
"""Table privileges an API role never needs: TRUNCATE ignores row level security,
REFERENCES and TRIGGER attach constraints or behaviour to the table, MAINTAIN runs
VACUUM, ANALYZE, REINDEX, CLUSTER and LOCK on it. `all` includes every one."""


@dataclass(frozen=True)
class ProjectConfig:
    """The project's `mashdb.toml` (defaults where it is absent or silent)."""

    api_roles: tuple[str, ...] = API_ROLES
    exposed_schemas: tuple[str, ...] = EXPOSED_SCHEMAS
    lint: dict[str, Any] = field(default_factory=dict)
    supabase_history: bool = True

    def api_grantees(self) -> tuple[str, ...]:
        """Grantees through which an API client gets a privilege: its roles and PUBLIC."""
        return (*self.api_roles, PUBLIC)

    def is_exposed(self, schema: str) -> bool:
        """Whether the API serves `schema` (every table there needs RLS)."""
        return schema in self.exposed_schemas


def is_dangerous_privilege(privilege: str) -> bool:
    """Whether an API role must never hold this table privilege (`all` included)."""
    name = privilege.lower()
    return name == "all" or name in DANGEROUS_TABLE_PRIVILEGES


def is_always_true(expression: str | None) -> bool:
    """Whether a policy clause, as SQL text, is a constant true: `true`, `'t'::boolean`,
    `1 = 1` (parenthesised or not). The catalog's text and lint's parsed clause both come
    here, so the two agree on what "always true" means. No clause (`None`) is not."""
    if not expression or not expression.strip():
        return False
    from pglast import parse_sql  # imported on first use: most commands never judge a policy

    try:
        statement = parse_sql(f"select {expression}")[0].stmt
    except Exception:  # noqa: BLE001 - not an expression pglast reads: not provably true
        return False
    return _constant_true(statement.targetList[0].val)


_TRUE_WORDS = ("t", "true", "on", "yes", "y", "1")


def _constant_true(node: Any) -> bool:
    from pglast import ast
    from pglast.stream import RawStream

    if isinstance(node, ast.A_Const):
        return isinstance(node.val, ast.Boolean) and bool(node.val.boolval)
    if isinstance(node, ast.TypeCast):
        names = [n.sval for n in node.typeName.names if isinstance(n, ast.String)]
        value = node.arg.val if isinstance(node.arg, ast.A_Const) else None
        if not names or names[-1] not in ("bool", "boolean"):
            return False
        if isinstance(value, ast.Boolean):
            return bool(value.boolval)
        return isinstance(value, ast.String) and value.sval.strip().lower() in _TRUE_WORDS
    if isinstance(node, ast.A_Expr) and [n.sval for n in node.name] == ["="]:
        left, right = node.lexpr, node.rexpr
        return (
            isinstance(left, ast.A_Const)
            and isinstance(right, ast.A_Const)
            and RawStream()(left) == RawStream()(right)
        )
    return False


def load(project_root: Path) -> ProjectConfig:
    """Read `mashdb.toml` from `project_root` (defaults when there is none)."""
    path = project_root / CONFIG_FILE
    if not path.is_file():
        return ProjectConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{CONFIG_FILE}: invalid TOML: {exc}") from exc
    return parse(data)


def parse(data: dict[str, Any], origin: str = CONFIG_FILE) -> ProjectConfig:
    """Validate a parsed `mashdb.toml` document."""
    check_keys(data, {"api", "lint", "supabase"}, origin)
    api = _table(data, "api", origin)
    check_keys(api, {"roles", "exposed_schemas"}, f"{origin}: [api]")
    supabase = _table(data, "supabase", origin)
    check_keys(supabase, {"history"}, f"{origin}: [supabase]")
    history = supabase.get("history", True)
    if not isinstance(history, bool):
        raise ConfigError(f"{origin}: [supabase] history must be true or false")
    return ProjectConfig(
        api_roles=_names(api.get("roles", list(API_ROLES)), f"{origin}: [api] roles"),
        exposed_schemas=_names(
            api.get("exposed_schemas", list(EXPOSED_SCHEMAS)), f"{origin}: [api] exposed_schemas"
        ),
        lint=_table(data, "lint", origin),
        supabase_history=history,
    )


def _table(data: dict[str, Any], name: str, origin: str) -> dict[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{origin}: [{name}] must be a table")
    return value


def check_keys(
    table: dict[str, Any], allowed: set[str], where: str, error: type[Exception] = ConfigError
) -> None:
    """Raise `error` naming the keys of a configuration table that are not `allowed`."""
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise error(f"{where}: unknown key(s) {', '.join(unknown)}")


def _names(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{where}: expected a list of non-empty names")
    return tuple(value)
