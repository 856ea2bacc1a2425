"""The privilege pre-flight's catalog checks for a role that is not a superuser (see
toolkit/preflight.py, which plans the statements and imports this only for such a role):
ownership, CREATE on schemas and the database, TRIGGER and REFERENCES, each from the
statement's parse tree and the catalog, in plan order."""

from __future__ import annotations

from collections.abc import Iterable

import psycopg
from pglast import ast
from pglast.enums import DropBehavior, ObjectType
from pglast.stream import RawStream

from toolkit import queries
from toolkit.preflight import ExtensionCheck, Report, Statement
from toolkit.sqlfile import function_signature

_RELATION_DROPS = {
    ObjectType.OBJECT_TABLE: "table",
    ObjectType.OBJECT_VIEW: "view",
    ObjectType.OBJECT_MATVIEW: "materialized view",
    ObjectType.OBJECT_INDEX: "index",
    ObjectType.OBJECT_SEQUENCE: "sequence",
}
_ON_TABLE_DROPS = {
    ObjectType.OBJECT_TRIGGER: "trigger",
    ObjectType.OBJECT_POLICY: "policy",
    ObjectType.OBJECT_RULE: "rule",
}
_CREATES_IN_SCHEMA = (
    ast.CreateStmt,
    ast.ViewStmt,
    ast.CreateSeqStmt,
    ast.CreateTableAsStmt,
    ast.CompositeTypeStmt,
    ast.CreateEnumStmt,
    ast.CreateDomainStmt,
)


class Checker(ExtensionCheck):
    """Every check, statement by statement, remembering what earlier ones drop."""

    def __init__(self, conn: psycopg.Connection, role: str, superuser: bool) -> None:
        super().__init__(conn, role, superuser)
        self.dropped: set[tuple[str, str]] = set()  # (kind, key) the plan drops

    def run(self, statements: Iterable[Statement]) -> Report:
        """Check `statements` in plan order; the report of what was found."""
        for planned in statements:
            self._statement(planned)
        return self.report

    # -- dispatch -----------------------------------------------------------------------

    def _statement(self, p: Statement) -> None:
        node = p.node
        if isinstance(node, ast.DropStmt):
            self._drop(p, node)
        elif isinstance(node, ast.AlterTableStmt):
            self._owns_relation(p, node.relation)
            for cmd in node.cmds or ():
                if isinstance(cmd, ast.AlterTableCmd) and isinstance(cmd.def_, ast.Constraint):
                    self._references(p, cmd.def_)
        elif isinstance(node, ast.IndexStmt):
            self._owns_relation(p, node.relation)
        elif isinstance(node, (ast.CreatePolicyStmt, ast.AlterPolicyStmt)):
            self._owns_relation(p, node.table)
        elif isinstance(node, ast.CreateTrigStmt):
            self._table_privilege(p, node.relation, "TRIGGER")
        elif isinstance(node, ast.CommentStmt):
            self._comment(p, node)
        elif isinstance(node, ast.CreateFunctionStmt):
            self._create_function(p, node)
        elif isinstance(node, ast.CreateSchemaStmt):
            self._create_schema(p, node)
        elif isinstance(node, _CREATES_IN_SCHEMA):
            self._create_in_schema(p, node)
        self.check_extensions(p)

    # -- ownership ----------------------------------------------------------------------

    def _must_own(self, p: Statement, row: tuple, what: str, why: str = "") -> None:
        """`row` is (key, owns, owner, ...) from a preflight_* query."""
        key, owns, owner = row[:3]
        if not owns:
            self._refuse(
                p,
                f"ownership of {what}{key} (owner {owner}){why}",
                f"only {owner} (its owner) or a superuser may do this: run this step as that "
                f"role, or leave {owner}'s objects out of the migration",
            )

    def _relation(self, schema: str | None, name: str) -> tuple | None:
        qualified = f"{_quote(schema)}.{_quote(name)}" if schema else _quote(name)
        row = self.conn.execute(queries.load("preflight_relation"), {"name": qualified}).fetchone()
        if row is None or ("relation", row[0]) in self.dropped:
            return None
        return row

    def _relation_of(self, names: list[str]) -> tuple | None:
        """A relation named by a statement's name parts ([schema,] name)."""
        return self._relation(names[-2] if len(names) > 1 else None, names[-1])

    def _owns_relation(self, p: Statement, rv: ast.RangeVar | None) -> None:
        if rv is None:
            return
        row = self._relation(rv.schemaname, rv.relname)
        if row is not None:
            self._must_own(p, row, "")

    def _table_privilege(self, p: Statement, rv: ast.RangeVar, privilege: str) -> None:
        row = self._relation(rv.schemaname, rv.relname)
        if row is None:
            return
        name, owns, owner, has_trigger, has_references = row[:5]
        allowed = owns or (has_trigger if privilege == "TRIGGER" else has_references)
        if not allowed:
            self._refuse(
                p,
                f"the {privilege} privilege on {name} (owner {owner}, not granted to {self.role})",
                f"ask {owner} or a superuser to 'grant {privilege.lower()} on {name} "
                f"to {self.role}'",
            )

    def _references(self, p: Statement, constraint: object) -> None:
        if isinstance(constraint, ast.Constraint) and constraint.pktable is not None:
            self._table_privilege(p, constraint.pktable, "REFERENCES")

    def _drop(self, p: Statement, node: ast.DropStmt) -> None:
        kind = ObjectType(node.removeType)
        for obj in node.objects or ():
            if kind in _RELATION_DROPS:
                names = [s.sval for s in obj]
                row = self._relation_of(names)
                if row is None:
                    continue
                self._must_own(p, row, "")
                self.dropped.add(("relation", row[0]))
            elif kind in _ON_TABLE_DROPS:
                names = [s.sval for s in obj]
                *table, member = names
                row = self._relation_of(table)
                if row is not None and self._member_exists(kind, row, member):
                    self._must_own(p, row, "", f" to drop its {_ON_TABLE_DROPS[kind]} {member}")
            elif kind == ObjectType.OBJECT_FUNCTION:
                self._drop_function(p, obj, cascade=node.behavior == DropBehavior.DROP_CASCADE)
            elif kind in (ObjectType.OBJECT_SCHEMA, ObjectType.OBJECT_EXTENSION):
                self._owns_named(
                    p,
                    "schema" if kind == ObjectType.OBJECT_SCHEMA else "extension",
                    obj.sval,
                    drop=True,
                )

    def _member_exists(self, kind: ObjectType, table: tuple, member: str) -> bool:
        if (_ON_TABLE_DROPS[kind], f"{table[0]}.{member}") in self.dropped:
            return False
        if kind == ObjectType.OBJECT_RULE:
            return True
        query = "preflight_trigger" if kind == ObjectType.OBJECT_TRIGGER else "preflight_policy"
        found = self.conn.execute(queries.load(query), {"oid": table[5], "name": member})
        return found.fetchone() is not None

    def _function(self, signature: str | None, name: str) -> tuple | None:
        """A function by signature, or by name when the statement gives no argument list."""
        row = self.conn.execute(
            queries.load("preflight_function"), {"signature": signature, "name": name}
        ).fetchone()
        if row is None or ("function", row[0]) in self.dropped:
            return None
        return row

    def _function_of(self, obj: ast.ObjectWithArgs) -> tuple | None:
        text = RawStream()(obj)
        return self._function(None if obj.args_unspecified else text, text.split("(")[0])

    def _drop_function(self, p: Statement, obj: ast.ObjectWithArgs, cascade: bool) -> None:
        row = self._function_of(obj)
        if row is None:
            return
        self._must_own(p, row, "function ")
        self.dropped.add(("function", row[0]))
        if cascade:
            # a cascaded drop removes the function's triggers whoever owns their tables
            for table, trigger in self.conn.execute(
                queries.load("preflight_function_triggers"), {"oid": row[3]}
            ).fetchall():
                self.dropped.add(("trigger", f"{table}.{trigger}"))

    def _owns_named(self, p: Statement, kind: str, name: str, *, drop: bool = False) -> None:
        row = self.conn.execute(queries.load(f"preflight_{kind}"), {"name": name}).fetchone()
        if row is None or (kind, name) in self.dropped:
            return
        self._must_own(p, (name, *row), f"{kind} ")
        if drop:
            self.dropped.add((kind, name))

    def _comment(self, p: Statement, node: ast.CommentStmt) -> None:
        kind = ObjectType(node.objtype)
        obj = node.object
        if kind in (ObjectType.OBJECT_TABLE, ObjectType.OBJECT_VIEW, ObjectType.OBJECT_COLUMN):
            names = [s.sval for s in obj]
            if kind == ObjectType.OBJECT_COLUMN:
                names = names[:-1]
            row = self._relation_of(names)
            if row is not None:
                self._must_own(p, row, "")
        elif kind == ObjectType.OBJECT_FUNCTION:
            row = self._function_of(obj)
            if row is not None:
                self._must_own(p, row, "function ")
        elif kind in (ObjectType.OBJECT_SCHEMA, ObjectType.OBJECT_EXTENSION):
            self._owns_named(
                p, "schema" if kind == ObjectType.OBJECT_SCHEMA else "extension", obj.sval
            )

    # -- creation -----------------------------------------------------------------------

    def _schema_create(self, p: Statement, schema: str, what: str) -> None:
        row = self.conn.execute(queries.load("preflight_schema"), {"name": schema}).fetchone()
        if row is None:
            return
        owns, owner, can_create = row
        if not (owns or can_create):
            self._refuse(
                p,
                f"the CREATE privilege on schema {schema} (owner {owner}) to create {what}",
                f"create it in a schema {self.role} may create in (public), or ask {owner} "
                f"to 'grant create on schema {schema} to {self.role}'",
            )

    def _create_in_schema(self, p: Statement, node: object) -> None:
        rv = getattr(node, "relation", None) or getattr(node, "view", None)
        if isinstance(node, ast.CreateTableAsStmt):
            rv = node.into.rel
        if isinstance(node, (ast.CreateEnumStmt, ast.CreateDomainStmt)):
            names = [
                s.sval
                for s in (
                    node.typeName if isinstance(node, ast.CreateEnumStmt) else node.domainname
                )
            ]
            schema, name = (names[-2] if len(names) > 1 else "public"), names[-1]
        elif isinstance(node, ast.CompositeTypeStmt):
            schema, name = node.typevar.schemaname or "public", node.typevar.relname
        elif rv is not None:
            schema, name = rv.schemaname or "public", rv.relname
        else:
            return
        self._schema_create(p, schema, f"{schema}.{name}")
        if isinstance(node, ast.CreateStmt):
            for element in node.tableElts or ():
                if isinstance(element, ast.Constraint):
                    self._references(p, element)
                elif isinstance(element, ast.ColumnDef):
                    for constraint in element.constraints or ():
                        self._references(p, constraint)

    def _create_function(self, p: Statement, node: ast.CreateFunctionStmt) -> None:
        signature = function_signature(node)
        row = self._function(signature, signature.split("(")[0]) if node.replace else None
        if row is not None:
            self._must_own(p, row, "function ", " to replace it")
            return
        self._schema_create(p, signature.split(".")[0], f"function {signature}")

    def _create_schema(self, p: Statement, node: ast.CreateSchemaStmt) -> None:
        name = node.schemaname
        exists = self.conn.execute(queries.load("preflight_schema"), {"name": name}).fetchone()
        if exists is not None and node.if_not_exists:
            return
        can_create = self.conn.execute(queries.load("preflight_database")).fetchone()[0]
        if not can_create:
            self._refuse(
                p,
                "the CREATE privilege on this database to create schema " + name,
                f"ask the database owner to 'grant create on database ... to {self.role}'",
            )


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'
