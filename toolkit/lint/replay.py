"""Replaying parsed SQL files into the static model (:mod:`toolkit.lint.model`).

One handler per statement kind (``_on_<NodeType>``) applies what the statement does to the
mutable state: tables and their RLS switches, indexes, foreign keys, policies, functions,
views, grants and default privileges; :meth:`ModelBuilder.build` freezes it into a
:class:`~toolkit.lint.model.Model`. Nothing here connects to a database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pglast import ast
from pglast.enums.parsenodes import (
    AlterTableType,
    ConstrType,
    GrantTargetType,
    ObjectType,
)

from toolkit.security import DANGEROUS_TABLE_PRIVILEGES, ProjectConfig
from toolkit.sqlfile import SqlFile, input_types

from .model import (
    KIND_ORDER,
    ForeignKey,
    Function,
    Grant,
    Index,
    Key,
    Location,
    Model,
    ParseFailure,
    Policy,
    Table,
    TablePrivilege,
    View,
    file_kind,
    is_rollback,
)
from .pgast import bool_option, deparse, qualified_key, relation_key, role_names, strings

_ROUTINE_KINDS = (
    ObjectType.OBJECT_FUNCTION,
    ObjectType.OBJECT_PROCEDURE,
    ObjectType.OBJECT_ROUTINE,
)

TABLE_PRIVILEGES = ("select", "insert", "update", "delete", *DANGEROUS_TABLE_PRIVILEGES)
"""What ``all`` on a table means (PostgreSQL 17+)."""


def _signature(parameters: Any) -> str:
    return ",".join(input_types(parameters))


@dataclass
class ModelBuilder:
    """Replays parsed files into a :class:`Model` (mutable while building)."""

    sql_root: Path
    display: Any = str
    project: ProjectConfig = field(default_factory=ProjectConfig)
    tables: dict[Key, Table] = field(default_factory=dict)
    indexes: dict[tuple[str, str], Index] = field(default_factory=dict)
    foreign_keys: dict[tuple[Key, str], ForeignKey] = field(default_factory=dict)
    policies: dict[tuple[Key, str], Policy] = field(default_factory=dict)
    functions: dict[tuple[Key, str], Function] = field(default_factory=dict)
    views: dict[Key, View] = field(default_factory=dict)
    grants: list[Grant] = field(default_factory=list)
    # (schema or None for every schema) -> role -> privilege -> the statement granting it
    default_privileges: dict[str | None, dict[str, dict[str, Location]]] = field(
        default_factory=dict
    )
    # table -> role -> privilege -> (origin, from default privileges)
    privileges: dict[Key, dict[str, dict[str, tuple[Location, bool]]]] = field(default_factory=dict)
    failures: list[ParseFailure] = field(default_factory=list)

    # ---- driving ---------------------------------------------------------------------------
    def add_files(self, files: Iterable[SqlFile]) -> None:
        """Replay files in ``migrate`` order (see the module docstring)."""
        ordered = sorted(
            (f for f in files if not is_rollback(f.path)),
            key=lambda f: (KIND_ORDER[file_kind(f.path, self.sql_root)], f.path.name),
        )
        for sql_file in ordered:
            self.add_file(sql_file)

    def add_file(self, sql_file: SqlFile) -> None:
        """Replay one file."""
        path = self.display(sql_file.path)
        if sql_file.error is not None:
            where = Location(path, sql_file.error_line or 1)
            self.failures.append(ParseFailure(where, sql_file.error))
            return
        if file_kind(sql_file.path, self.sql_root) == "policies":
            targets = {("public", sql_file.path.stem)}
            targets |= {
                relation_key(s.node.table)
                for s in sql_file.statements
                if isinstance(s.node, ast.CreatePolicyStmt)
            }
            self.policies = {k: p for k, p in self.policies.items() if p.table not in targets}
        for statement in sql_file.statements:
            handler = getattr(self, f"_on_{type(statement.node).__name__}", None)
            if handler is not None:
                handler(statement.node, Location(path, statement.line))

    def build(self) -> Model:
        """Freeze the current state."""
        return Model(
            tables=tuple(self.tables.values()),
            indexes=tuple(self.indexes.values()),
            foreign_keys=tuple(self.foreign_keys.values()),
            policies=tuple(self.policies.values()),
            functions=tuple(self.functions.values()),
            views=tuple(self.views.values()),
            grants=tuple(self.grants),
            privileges=tuple(
                TablePrivilege(table, role, privilege, origin, default)
                for table, roles in self.privileges.items()
                for role, held in roles.items()
                for privilege, (origin, default) in held.items()
            ),
            parse_failures=tuple(self.failures),
            project=self.project,
        )

    # ---- tables ----------------------------------------------------------------------------
    def _on_CreateStmt(self, node: Any, loc: Location) -> None:  # noqa: N802
        if node.relation.relpersistence == "t":
            return
        key = relation_key(node.relation)
        if key in self.tables and node.if_not_exists:
            return
        self._drop_table(key)
        columns = []
        self.tables[key] = Table(key, loc)
        for element in node.tableElts or ():
            if isinstance(element, ast.ColumnDef):
                columns.append(element.colname)
                for constraint in element.constraints or ():
                    self._add_constraint(key, constraint, loc, (element.colname,))
            elif isinstance(element, ast.Constraint):
                self._add_constraint(key, element, loc, ())
        self.tables[key] = replace(self.tables[key], columns=tuple(columns))
        self._grant_defaults(key)

    def _on_CreateTableAsStmt(self, node: Any, loc: Location) -> None:  # noqa: N802
        if node.objtype == ObjectType.OBJECT_TABLE and node.into is not None:
            key = relation_key(node.into.rel)
            self.tables[key] = Table(key, loc, tuple(strings(node.into.colNames)))
            self._grant_defaults(key)

    def _grant_defaults(self, key: Key) -> None:
        """A new table starts with the default privileges of its schema (and of every schema)."""
        held: dict[str, dict[str, tuple[Location, bool]]] = {}
        for schema in (None, key[0]):
            for role, privileges in self.default_privileges.get(schema, {}).items():
                for privilege, origin in privileges.items():
                    held.setdefault(role, {})[privilege] = (origin, True)
        self.privileges[key] = held

    def _add_constraint(self, table: Key, con: Any, loc: Location, cols: tuple[str, ...]) -> None:
        name_table = table[1]
        if con.contype in (ConstrType.CONSTR_PRIMARY, ConstrType.CONSTR_UNIQUE):
            if getattr(con, "indexname", None):
                return  # "using index": the index is already known
            keys = strings(con.keys) or cols
            primary = con.contype == ConstrType.CONSTR_PRIMARY
            default = f"{name_table}_pkey" if primary else f"{name_table}_{'_'.join(keys)}_key"
            name = con.conname or default
            self.indexes[(table[0], name)] = Index(name, table, tuple(keys), loc, unique=True)
        elif con.contype == ConstrType.CONSTR_FOREIGN:
            fk_cols = strings(con.fk_attrs) or cols
            name = con.conname or f"{name_table}_{'_'.join(fk_cols)}_fkey"
            ref = relation_key(con.pktable)
            self.foreign_keys[(table, name)] = ForeignKey(name, table, tuple(fk_cols), ref, loc)

    def _drop_table(self, key: Key) -> None:
        self.tables.pop(key, None)
        self.indexes = {k: i for k, i in self.indexes.items() if i.table != key}
        self.foreign_keys = {k: f for k, f in self.foreign_keys.items() if f.table != key}
        self.policies = {k: p for k, p in self.policies.items() if p.table != key}
        self.privileges.pop(key, None)

    def _on_AlterTableStmt(self, node: Any, loc: Location) -> None:  # noqa: N802
        key = relation_key(node.relation)
        if node.objtype == ObjectType.OBJECT_VIEW:
            for cmd in node.cmds or ():
                if cmd.subtype == AlterTableType.AT_SetRelOptions and key in self.views:
                    for option in cmd.def_ or ():
                        if option.defname == "security_invoker":
                            view = self.views[key]
                            invoker = bool_option(option.arg)
                            self.views[key] = replace(view, security_invoker=invoker)
            return
        table = self.tables.get(key)
        for cmd in node.cmds or ():
            subtype = cmd.subtype
            if table is None:
                break
            if subtype == AlterTableType.AT_EnableRowSecurity:
                table = replace(table, rls_enabled=True)
            elif subtype == AlterTableType.AT_DisableRowSecurity:
                table = replace(table, rls_enabled=False)
            elif subtype == AlterTableType.AT_ForceRowSecurity:
                table = replace(table, rls_forced=True)
            elif subtype == AlterTableType.AT_NoForceRowSecurity:
                table = replace(table, rls_forced=False)
            elif subtype == AlterTableType.AT_AddColumn and isinstance(cmd.def_, ast.ColumnDef):
                table = replace(table, columns=(*table.columns, cmd.def_.colname))
                self.tables[key] = table
                for constraint in cmd.def_.constraints or ():
                    self._add_constraint(key, constraint, loc, (cmd.def_.colname,))
            elif subtype == AlterTableType.AT_DropColumn:
                table = replace(table, columns=tuple(c for c in table.columns if c != cmd.name))
                self.indexes = {
                    k: i
                    for k, i in self.indexes.items()
                    if not (i.table == key and cmd.name in i.columns)
                }
                self.foreign_keys = {
                    k: f
                    for k, f in self.foreign_keys.items()
                    if not (f.table == key and cmd.name in f.columns)
                }
            elif subtype == AlterTableType.AT_AddConstraint and isinstance(
                cmd.def_, ast.Constraint
            ):
                self._add_constraint(key, cmd.def_, loc, ())
            elif subtype == AlterTableType.AT_DropConstraint:
                self.foreign_keys.pop((key, cmd.name), None)
                index = self.indexes.get((key[0], cmd.name))
                if index is not None and index.table == key:
                    del self.indexes[(key[0], cmd.name)]
            self.tables[key] = table

    def _on_RenameStmt(self, node: Any, loc: Location) -> None:  # noqa: N802
        if node.renameType != ObjectType.OBJECT_TABLE or node.relation is None:
            return
        old = relation_key(node.relation)
        new = (old[0], node.newname)
        if old not in self.tables:
            return
        self.tables[new] = replace(self.tables.pop(old), key=new)
        self.indexes = {k: _retable(i, old, new) for k, i in self.indexes.items()}
        self.foreign_keys = {
            (new if k[0] == old else k[0], k[1]): _retable(f, old, new)
            for k, f in self.foreign_keys.items()
        }
        self.policies = {
            (new if k[0] == old else k[0], k[1]): _retable(p, old, new)
            for k, p in self.policies.items()
        }
        if old in self.privileges:
            self.privileges[new] = self.privileges.pop(old)

    # ---- indexes ---------------------------------------------------------------------------
    def _on_IndexStmt(self, node: Any, loc: Location) -> None:  # noqa: N802
        table = relation_key(node.relation)
        columns = tuple(elem.name for elem in node.indexParams or ())
        name = node.idxname or f"{table[1]}_{'_'.join(c or 'expr' for c in columns)}_idx"
        partial = node.whereClause is not None
        index = Index(name, table, columns, loc, unique=bool(node.unique), partial=partial)
        self.indexes[(table[0], name)] = index

    # ---- drops -----------------------------------------------------------------------------
    def _on_DropStmt(self, node: Any, loc: Location) -> None:  # noqa: N802
        kind = node.removeType
        for obj in node.objects or ():
            if kind == ObjectType.OBJECT_TABLE:
                self._drop_table(qualified_key(strings(obj)))
            elif kind in (ObjectType.OBJECT_VIEW, ObjectType.OBJECT_MATVIEW):
                self.views.pop(qualified_key(strings(obj)), None)
            elif kind == ObjectType.OBJECT_INDEX:
                names = strings(obj)
                if len(names) >= 2:
                    self.indexes.pop((names[-2], names[-1]), None)
                else:
                    self.indexes = {k: i for k, i in self.indexes.items() if k[1] != names[-1]}
            elif kind == ObjectType.OBJECT_POLICY:
                names = strings(obj)
                table = qualified_key(names[:-1])
                self.policies.pop((table, names[-1]), None)
            elif kind in _ROUTINE_KINDS:
                fkey = qualified_key(strings(obj.objname))
                signature = None if obj.args_unspecified else _signature(obj.objargs)
                self.functions = {
                    k: f
                    for k, f in self.functions.items()
                    if not (k[0] == fkey and (signature is None or k[1] == signature))
                }

    # ---- policies --------------------------------------------------------------------------
    def _on_CreatePolicyStmt(self, node: Any, loc: Location) -> None:  # noqa: N802
        table = relation_key(node.table)
        self.policies[(table, node.policy_name)] = Policy(
            node.policy_name,
            table,
            node.cmd_name or "all",
            bool(node.permissive),
            role_names(node.roles),
            node.qual,
            node.with_check,
            loc,
        )

    def _on_AlterPolicyStmt(self, node: Any, loc: Location) -> None:  # noqa: N802
        table = relation_key(node.table)
        policy = self.policies.get((table, node.policy_name))
        if policy is None:
            return
        if node.roles:
            policy = replace(policy, roles=role_names(node.roles))
        if node.qual is not None:
            policy = replace(policy, using=node.qual)
        if node.with_check is not None:
            policy = replace(policy, with_check=node.with_check)
        self.policies[(table, node.policy_name)] = replace(policy, location=loc)

    # ---- functions -------------------------------------------------------------------------
    def _on_CreateFunctionStmt(self, node: Any, loc: Location) -> None:  # noqa: N802
        key = qualified_key(strings(node.funcname))
        signature = _signature(node.parameters)
        function = Function(key, signature, False, None, loc, bool(node.is_procedure))
        self.functions[(key, signature)] = _apply_function_options(function, node.options)

    def _on_AlterFunctionStmt(self, node: Any, loc: Location) -> None:  # noqa: N802
        key = qualified_key(strings(node.func.objname))
        signature = None if node.func.args_unspecified else _signature(node.func.objargs)
        for fkey, function in list(self.functions.items()):
            if fkey[0] == key and (signature is None or fkey[1] == signature):
                self.functions[fkey] = _apply_function_options(function, node.actions)

    # ---- views -----------------------------------------------------------------------------
    def _on_ViewStmt(self, node: Any, loc: Location) -> None:  # noqa: N802
        key = relation_key(node.view)
        invoker = any(
            o.defname == "security_invoker" and bool_option(o.arg) for o in node.options or ()
        )
        self.views[key] = View(key, invoker, loc)

    # ---- grants ----------------------------------------------------------------------------
    def _on_GrantStmt(self, node: Any, loc: Location) -> None:  # noqa: N802
        if node.objtype != ObjectType.OBJECT_TABLE:
            return
        if node.targtype == GrantTargetType.ACL_TARGET_OBJECT:
            objects = tuple(relation_key(o) for o in node.objects or ())
            tables = objects
        elif node.targtype == GrantTargetType.ACL_TARGET_ALL_IN_SCHEMA:
            objects = tuple((s.sval, "*") for s in node.objects or ())
            schemas = {s.sval for s in node.objects or ()}
            tables = tuple(k for k in self.tables if k[0] in schemas)
        else:
            return
        privileges = _table_privileges(node.privileges)
        roles = role_names(node.grantees)
        if node.is_grant:
            named = tuple(p.priv_name for p in node.privileges or ()) or ("all",)
            self.grants.append(Grant(objects, named, roles, loc))
            for table in tables:
                held = self.privileges.setdefault(table, {})
                for role in roles:
                    for privilege in _expand(privileges):
                        held.setdefault(role, {})[privilege] = (loc, False)
        elif not node.grant_option:  # `revoke grant option for` keeps the privilege
            for table in tables:
                for role in roles:
                    held = self.privileges.get(table, {}).get(role, {})
                    for privilege in _expand(privileges):
                        held.pop(privilege, None)

    def _on_AlterDefaultPrivilegesStmt(self, node: Any, loc: Location) -> None:  # noqa: N802
        action = node.action
        if action.objtype != ObjectType.OBJECT_TABLE:
            return
        schemas: list[str | None] = []
        for option in node.options or ():
            if option.defname == "schemas":
                schemas += [s.sval for s in option.arg or ()]
        # `for role R` is not modelled: migrations are taken to run as the role the
        # defaults are written for (Supabase's own defaults are for the migrating role)
        for schema in schemas or [None]:
            defaults = self.default_privileges.setdefault(schema, {})
            for role in role_names(action.grantees):
                held = defaults.setdefault(role, {})
                for privilege in _expand(_table_privileges(action.privileges)):
                    if action.is_grant:
                        held[privilege] = loc
                    elif not action.grant_option:
                        held.pop(privilege, None)


def _table_privileges(specs: Any) -> tuple[str, ...]:
    """Table-level privilege names of a grant (``('all',)`` for ``all``); column
    privileges (``update (col)``) are not table privileges and are left out."""
    if not specs:
        return ("all",)
    return tuple(p.priv_name for p in specs if not p.cols)


def _expand(privileges: tuple[str, ...]) -> tuple[str, ...]:
    return TABLE_PRIVILEGES if "all" in privileges else privileges


def _retable(record: Any, old: Key, new: Key) -> Any:
    return replace(record, table=new) if record.table == old else record


def _apply_function_options(function: Function, options: Any) -> Function:
    for option in options or ():
        if option.defname == "security":
            function = replace(function, security_definer=bool_option(option.arg))
        elif option.defname == "set" and isinstance(option.arg, ast.VariableSetStmt):
            setting = option.arg
            kind = setting.kind.name
            if kind == "VAR_RESET_ALL":
                function = replace(function, search_path=None)
            elif (setting.name or "").lower() != "search_path":
                continue
            elif kind == "VAR_RESET":
                function = replace(function, search_path=None)
            elif kind == "VAR_SET_CURRENT":
                function = replace(function, search_path="from current")
            else:
                value = ", ".join(deparse(a) for a in setting.args or ())
                function = replace(function, search_path=value)
    return function
