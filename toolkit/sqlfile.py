"""One SQL file as migrate, status, review and lint all see it.

A file is read once into a :class:`SqlFile`: its header directives, its checksum, its
statements with the lines they span, and a parse error *as data* (``error``/``error_line``;
:meth:`SqlFile.checked` turns it into a :class:`~toolkit.errors.ProjectError` naming
file:line for the commands that must refuse).

Statements are split by PostgreSQL's own parser (pglast wraps libpg_query), not by regex or
sqlparse: dollar-quoted bodies, ``begin atomic`` and nested comments split exactly as the
server would. What the split yields (offsets, lines, each statement's kind and what it
defines) depends only on the file's text, so it is cached by content hash
(:mod:`toolkit.sqlcache`): a run over unchanged files neither imports nor runs the parser.
Parse trees (:attr:`Statement.node`) are built on first use, for the whole file at once.

The header directives are documented once, in docs/architecture.md ("Headers").
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit import sqlcache
from toolkit.errors import ProjectError

_DIRECTIVE = re.compile(r"^\s*--\s*([a-z][a-z_-]*)\s*:\s*(.*?)\s*$")
DIRECTIVES = frozenset({"depends", "transactional", "requires"})
_INPUT_MODES = {"i", "b", "v", "d"}  # in, inout, variadic, default (unspecified)


@dataclass(frozen=True)
class Defines:
    """What a ``create`` statement defines, for the files that are re-applied as a whole:
    a function with its input types, a trigger on its table, a policy on its table."""

    kind: str  # "function" | "trigger" | "policy"
    name: str  # "public.f(uuid, integer)" | trigger name | policy name
    table: str = ""  # "auth.users" for triggers and policies
    or_replace: bool = False


class _Tree:
    """The parse trees of one file's statements, built on first use."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._nodes: tuple[Any, ...] | None = None

    def node(self, index: int) -> Any:
        if self._nodes is None:
            import pglast

            self._nodes = tuple(raw.stmt for raw in pglast.parse_sql(self.text))
        return self._nodes[index]


@dataclass(frozen=True)
class Statement:
    """One top-level statement: its text and the 1-based lines it spans."""

    text: str
    line: int
    end_line: int
    kind: str = ""  # the parse-tree node type: "CreateStmt", "TransactionStmt", ...
    defines: Defines | None = None
    tree: _Tree | None = field(default=None, compare=False, repr=False)
    index: int = field(default=0, compare=False, repr=False)

    @property
    def node(self) -> Any:
        """The statement's pglast node (parsed on first use)."""
        if self.tree is None:
            raise ValueError("this statement was not read from a file")
        return self.tree.node(self.index)


@dataclass(frozen=True)
class SqlFile:
    """A read SQL file; ``statements`` is empty when ``error`` says why it does not parse."""

    path: Path
    name: str  # as shown to users, e.g. sql/migrations/0002_mashups.sql
    text: str
    statements: tuple[Statement, ...]
    directives: dict[str, tuple[str, ...]]
    header: str  # the leading comment block, directives removed
    error: str | None = None
    error_line: int | None = None

    @property
    def checksum(self) -> str:
        return checksum(self.text)

    def directive(self, key: str) -> tuple[str, ...]:
        """The words of the ``-- key: ...`` header lines (several lines add up)."""
        return self.directives.get(key, ())

    @property
    def transactional(self) -> bool | None:
        """``-- transactional:`` — True (also when absent), False, or None when malformed."""
        return {(): True, ("true",): True, ("false",): False}.get(self.directive("transactional"))

    def checked(self) -> SqlFile:
        """This file, or a ProjectError naming file:line when it does not parse."""
        if self.error is not None:
            raise ProjectError(f"{self.name}:{self.error_line}: {self.error} (SQLSTATE 42601)")
        return self


def checksum(text: str) -> str:
    """sha256 of a file's text with line endings normalised."""
    return hashlib.sha256(text.replace("\r\n", "\n").encode()).hexdigest()


def line_of(text: str, offset: int) -> int:
    """1-based line number of character `offset` in `text`."""
    return text.count("\n", 0, max(offset, 0)) + 1


def parse_header(text: str) -> tuple[dict[str, tuple[str, ...]], str]:
    """Directives (`-- key: value`) and prose of the comment block that opens a file."""
    directives: dict[str, list[str]] = {}
    prose: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("--"):
            break
        match = _DIRECTIVE.match(line)
        if match and match.group(1) in DIRECTIVES:
            directives.setdefault(match.group(1), []).extend(match.group(2).split())
        elif stripped:
            prose.append(stripped.removeprefix("--").strip())
    return {k: tuple(v) for k, v in directives.items()}, "\n".join(prose).strip()


def parse_text(path: Path, text: str, name: str | None = None) -> SqlFile:
    """A :class:`SqlFile` of ``text`` (the content of ``path``); never raises on bad SQL."""
    split = sqlcache.lookup(text)
    if split is None:
        split = _split(text)
        sqlcache.store(text, split)
    tree = _Tree(text)
    statements = tuple(
        Statement(
            text[start:end],
            line,
            end_line,
            kind,
            Defines(*defines) if defines else None,
            tree,
            index,
        )
        for index, (start, end, line, end_line, kind, defines) in enumerate(split["statements"])
    )
    directives, header = parse_header(text)
    error = split["error"]
    return SqlFile(
        path,
        name or str(path),
        text,
        statements,
        directives,
        header,
        error[0] if error else None,
        error[1] if error else None,
    )


def sql_file_from_text(path: Path, name: str, text: str) -> SqlFile:
    """A SqlFile for `text` that is not read from disk (a rollback as recorded when its
    migration was applied); `name` is how messages refer to it."""
    directives, header = parse_header(text)
    return SqlFile(path, name, text, split_statements(text, name), directives, header)


def read_sql_file(path: Path, name: str | None = None) -> SqlFile:
    """Read `path` (UTF-8); `name` is how messages refer to it. Only an unreadable file
    raises (ProjectError); SQL that does not parse is reported in ``error``."""
    shown = name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ProjectError(f"{shown}: file not found") from exc
    except UnicodeDecodeError as exc:
        raise ProjectError(f"{shown}: not UTF-8 text ({exc.reason})") from exc
    return parse_text(path, text, shown)


def split_statements(text: str, name: str) -> tuple[Statement, ...]:
    """The statements of `text`; a syntax error raises ProjectError naming `name`:line."""
    return parse_text(Path(name), text, name).checked().statements


def _split(text: str) -> sqlcache.Split:
    """Run the parser: each statement's character span, lines, kind and definition."""
    import pglast
    from pglast.parser import ParseError

    try:
        raw = pglast.parse_sql(text)
    except ParseError as exc:
        message = exc.args[0]
        offset = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], int) else None
        if not message.startswith("syntax error"):
            message = f"syntax error: {message}"
        line = line_of(text, offset) if offset is not None else line_of(text, len(text.rstrip()))
        return {"statements": [], "error": [message, line]}
    rows: list[sqlcache.Row] = []
    for stmt in raw:
        start = stmt.stmt_location
        end = start + stmt.stmt_len if stmt.stmt_len else len(text)
        body = text[start:end]
        start += len(body) - len(body.lstrip())
        end -= len(body) - len(body.rstrip())
        kind = type(stmt.stmt).__name__
        rows.append(
            [start, end, line_of(text, start), line_of(text, end - 1), kind, _defines(stmt.stmt)]
        )
    return {"statements": rows, "error": None}


def input_types(parameters: Any) -> tuple[str, ...]:
    """SQL text of the input argument types of a function's parameters (OUT and TABLE
    columns left out), or of the argument list of a ``drop``/``alter function``."""
    from pglast.stream import RawStream

    types = []
    for param in parameters or ():
        mode = getattr(param, "mode", None)
        if mode is not None and str(getattr(mode, "value", mode)) not in _INPUT_MODES:
            continue
        types.append(RawStream()(getattr(param, "argType", param)))
    return tuple(types)


def function_signature(node: Any) -> str:
    """``schema.name(input argument types)`` of a ``create function`` node."""
    names = [part.sval for part in node.funcname]
    qualified = ".".join(names if len(names) > 1 else ["public", *names])
    return f"{qualified}({', '.join(input_types(node.parameters))})"


def _qualified(rangevar: Any) -> str:
    return f"{rangevar.schemaname or 'public'}.{rangevar.relname}"


def _defines(node: Any) -> list[Any] | None:
    """[kind, name, table, or_replace] of a function, trigger or policy definition."""
    from pglast import ast

    if isinstance(node, ast.CreateFunctionStmt):
        return ["function", function_signature(node), "", bool(node.replace)]
    if isinstance(node, ast.CreateTrigStmt):
        return ["trigger", node.trigname, _qualified(node.relation), bool(node.replace)]
    if isinstance(node, ast.CreatePolicyStmt):
        return ["policy", node.policy_name, _qualified(node.table), False]
    return None
