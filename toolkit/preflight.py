"""The privilege pre-flight: every statement a plan will run, checked before any runs.

On Supabase the role that migrates (`postgres`) is not a superuser and does not own what the
platform owns (schema `auth`, `auth.users`, extensions installed from the dashboard). A
statement that needs a privilege the role lacks would fail half-way through a plan, after
earlier steps were committed; the pre-flight finds it first, from the parse tree and the
catalog, so migrate and rollback (dry runs included) refuse before changing anything and
say, in one line per statement: where it is (file:line), what it is, the privilege it needs
and what to do.

Checked: ownership of what a statement alters, drops, comments on or indexes (tables,
functions, schemas, extensions; a trigger's or policy's table), CREATE on the schema an
object is created in (and on the database for a schema), TRIGGER and REFERENCES on the
tables a trigger or a foreign key is attached to, and whether the role may create an
extension it does not have yet (also inside DO blocks). Objects that do not exist yet are
the plan's own (created by an earlier statement, hence owned by the role); objects an
earlier statement drops are gone for later ones. Anything subtler is left to the server, whose
errors still name file:line.

A superuser passes every privilege check, so for one only extension placement is checked,
from each statement's kind (known without the parser: toolkit/sqlfile.py caches it) and, for
a DO block, its dollar-quoted text; the catalog checks of any other role need parse trees and
live in toolkit/privileges.py, imported only then.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import psycopg

from toolkit import queries, removal
from toolkit.files import ProjectFiles
from toolkit.plan import Planned
from toolkit.repeatables import DefinedObject, Repeatable, object_lines
from toolkit.security import API_ROLES
from toolkit.sqlfile import SqlFile
from toolkit.sqlfile import Statement as SqlStatement
from toolkit.state import AppliedRepeatable

SERVICE_ROLE = "service_role"
_CREATE_EXTENSION = re.compile(
    r"\bcreate\s+extension\s+(?:if\s+not\s+exists\s+)?(\"[^\"]+\"|[a-z_][a-z0-9_-]*)"
    r"(?P<rest>[^;]*)",
    re.IGNORECASE,
)
# a DO block whose body is dollar-quoted: the body is the text between the quotes, verbatim
_DOLLAR_DO = re.compile(
    r"do\s+(\$(?:[a-z_][a-z_0-9]*)?\$)(?P<body>.*)\1(?:\s+language\s+[a-z_][a-z_0-9]*)?\s*;?",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True)
class Statement:
    """One statement a plan will run: where it comes from and its parse tree, which is
    built on first use (from the file's statement `source`, else from `text`)."""

    where: str  # "sql/migrations/0001_profiles.sql:14"
    text: str
    parsed: object = field(default=None, compare=False, repr=False)  # given or built
    source: SqlStatement | None = field(default=None, compare=False, repr=False)

    @property
    def node(self) -> Any:
        """The statement's pglast node (the parser runs only when it is asked for)."""
        if self.source is not None:
            return self.source.node
        if self.parsed is None:
            import pglast

            object.__setattr__(self, "parsed", pglast.parse_sql(self.text)[0].stmt)
        return self.parsed

    @property
    def kind(self) -> str:
        """The node type's name ("CreateStmt", "DoStmt", ...), without parsing when known."""
        if self.source is not None and self.source.kind:
            return self.source.kind
        return type(self.node).__name__


@dataclass(frozen=True)
class Refusal:
    """A statement the role lacks a privilege for."""

    where: str
    statement: str
    lacks: str
    fix: str

    @property
    def line(self) -> str:
        return (
            f"{self.where}: {self.statement}: permission denied, needs {self.lacks} "
            f"(SQLSTATE 42501); {self.fix}"
        )


@dataclass
class Report:
    """What the pre-flight found: refusals, and extensions to create in schema extensions."""

    refusals: list[Refusal] = field(default_factory=list)
    extensions_first: dict[str, list[str]] = field(default_factory=dict)  # where -> names


def plan_statements(
    conn: psycopg.Connection, files: ProjectFiles, plan: Iterable[Planned]
) -> list[Statement]:
    """Every statement `plan` will run, in order: the files' own and those the engine
    composes to remove a repeatable's objects (toolkit/removal.py, read from the catalog)."""
    current = {r.key: r for r in files.repeatables}
    out: list[Statement] = []
    for p in plan:
        step = p.step
        if step.kind == "bootstrap":
            out += [s for f in files.bootstrap for s in file_statements(f)]
        elif step.kind == "migration" and step.action == "apply":
            assert p.migration is not None
            out += file_statements(p.migration.apply)
        elif step.kind == "migration":
            assert p.migration is not None
            for rec in p.dependents:
                out += _removal(conn, rec, current.get(rec.key))
            out += file_statements(p.migration.rollback)
        elif step.action == "remove":
            assert p.applied is not None
            out += _removal(conn, p.applied, current.get(p.applied.key))
        else:
            assert p.repeatable is not None
            if p.applied is not None and p.repeatable.kind != "policy":
                stale = removal.stale_objects(p.repeatable, p.applied)
                out += _removal_of(conn, p.repeatable.file.name, stale, p.repeatable)
            out += file_statements(p.repeatable.file)
    return out


def file_statements(sql_file: SqlFile) -> list[Statement]:
    """The statements of one SQL file, located at file:line."""
    return [
        Statement(f"{sql_file.name}:{st.line}", st.text, source=st) for st in sql_file.statements
    ]


def _removal(
    conn: psycopg.Connection, rec: AppliedRepeatable, rep: Repeatable | None
) -> list[Statement]:
    objects = [DefinedObject(*o) for o in rec.objects if o[0] != "policies"]
    return _removal_of(conn, rep.file.name if rep else f"sql/{rec.key}", objects, rep)


def _removal_of(
    conn: psycopg.Connection, name: str, objects: list[DefinedObject], rep: Repeatable | None
) -> list[Statement]:
    # located at the statement of the file that defines the object, while it still does
    lines = object_lines(rep) if rep is not None else {}
    return [
        Statement(f"{name}:{lines[obj]}" if obj in lines else name, text)
        for obj, text in removal.drop_statements(conn, objects)
    ]


def check(conn: psycopg.Connection, statements: Iterable[Statement]) -> Report:
    """Check `statements` in plan order against the catalog (read-only)."""
    role, superuser = conn.execute(queries.load("preflight_role")).fetchone()
    if superuser:
        # a superuser passes every privilege check; only extension placement matters
        extensions = ExtensionCheck(conn, role, superuser)
        for planned in statements:
            extensions.check_extensions(planned)
        return extensions.report
    from toolkit.privileges import Checker

    return Checker(conn, role, superuser).run(statements)


def short(text: str) -> str:
    """A statement as quoted in a message: its first line, at most 80 characters."""
    first = " ".join(text.split())
    return first if len(first) <= 80 else first[:77] + "..."


class ExtensionCheck:
    """The check every role needs: may the extensions a plan creates be created, and which
    go to schema `extensions` first. Results accumulate in `report`."""

    def __init__(self, conn: psycopg.Connection, role: str, superuser: bool) -> None:
        self.conn = conn
        self.role, self.superuser = role, superuser
        self.created: set[str] = set()  # extensions the plan creates
        self.report = Report()

    def _refuse(self, p: Statement, lacks: str, fix: str) -> None:
        self.report.refusals.append(Refusal(p.where, short(p.text), lacks, fix))

    def check_extensions(self, p: Statement) -> None:
        """Check the extensions `p` creates (itself, or statements in its DO block)."""
        kind = p.kind
        if kind == "CreateExtensionStmt":
            node = p.node
            explicit = any(opt.defname == "schema" for opt in node.options or ())
            wanted = [(node.extname, explicit)]
        elif kind == "DoStmt":
            body = _do_body(p)
            wanted = [
                (
                    m.group(1).strip('"').lower(),
                    re.search(r"\bschema\b", m.group("rest"), re.I) is not None,
                )
                for m in _CREATE_EXTENSION.finditer(body)
            ]
            # quote the statement inside the block, not the block's first line
            found = _CREATE_EXTENSION.search(body)
            if found:
                p = Statement(p.where, f"{' '.join(found.group(0).split())} (in a DO block)")
        else:
            return
        for name, explicit in wanted:
            if name in self.created:
                continue
            installed, available, may_create, supautils, extensions_schema = self.conn.execute(
                queries.load("preflight_extension_create"),
                {"name": name, "api_roles": [*API_ROLES, SERVICE_ROLE]},
            ).fetchone()
            if installed:
                continue
            if not available:
                self._refuse(
                    p,
                    f"extension {name}, which this server does not provide",
                    "install it on the server, or use a server that ships it",
                )
                continue
            if not (self.superuser or may_create or supautils):
                self._refuse(
                    p,
                    f"the privilege to create extension {name} (superuser, or a trusted "
                    f"extension; {self.role} is neither)",
                    f"enable {name} first: on Supabase, Dashboard → Database → Extensions "
                    f"(it goes to schema extensions); elsewhere run "
                    f"'create extension {name} schema extensions' as a privileged role, or "
                    "run this migration as one",
                )
                continue
            if extensions_schema and not explicit:
                self.report.extensions_first.setdefault(p.where.rsplit(":", 1)[0], []).append(name)
            self.created.add(name)


def _do_body(p: Statement) -> str:
    """The code of a DO block: read from a dollar-quoted text as it is, else from the tree."""
    dollar = _DOLLAR_DO.fullmatch(p.text)
    if dollar is not None:
        return dollar.group("body")
    return " ".join(opt.arg.sval for opt in p.node.args or () if opt.defname == "as")
