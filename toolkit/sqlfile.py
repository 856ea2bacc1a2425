"""Read one SQL file: its header directives, its statements with line numbers, its checksum.

Statements are split by PostgreSQL's own parser (pglast wraps libpg_query), not by regex or
sqlparse: dollar-quoted bodies, `begin atomic` and nested comments split exactly as the
server would, a syntax error is reported with file:line before anything runs, and each
statement keeps the line it starts on so a failure can name it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pglast
from pglast.parser import ParseError

from toolkit.errors import ProjectError

_DIRECTIVE = re.compile(r"^\s*--\s*([a-z][a-z_-]*)\s*:\s*(.*?)\s*$")
KNOWN_DIRECTIVES = frozenset({"depends", "transactional", "requires"})


@dataclass(frozen=True)
class Statement:
    """One top-level statement and the 1-based line it starts on."""

    text: str
    line: int
    node: object = field(compare=False, repr=False)


@dataclass(frozen=True)
class SqlFile:
    """A parsed SQL file."""

    path: Path
    name: str  # as shown to users, e.g. sql/migrations/0002_mashups.sql
    text: str
    statements: tuple[Statement, ...]
    directives: dict[str, tuple[str, ...]]
    header: str  # the leading comment block, directives removed

    @property
    def checksum(self) -> str:
        return checksum(self.text)

    def directive(self, key: str) -> tuple[str, ...]:
        return self.directives.get(key, ())


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
        if match and match.group(1) in KNOWN_DIRECTIVES:
            directives.setdefault(match.group(1), []).extend(match.group(2).split())
        elif stripped:
            prose.append(stripped.removeprefix("--").strip())
    return {k: tuple(v) for k, v in directives.items()}, "\n".join(prose).strip()


def split_statements(text: str, name: str) -> tuple[Statement, ...]:
    """Split `text` into statements; a syntax error raises ProjectError naming file:line."""
    try:
        raw = pglast.parse_sql(text)
    except ParseError as exc:
        message, offset = exc.args[0], exc.args[1] if len(exc.args) > 1 else 0
        if not message.startswith("syntax error"):
            message = f"syntax error: {message}"
        raise ProjectError(f"{name}:{line_of(text, offset)}: {message} (SQLSTATE 42601)") from exc
    statements = []
    for stmt in raw:
        end = stmt.stmt_location + stmt.stmt_len if stmt.stmt_len else len(text)
        body = text[stmt.stmt_location : end].strip()
        statements.append(Statement(body, line_of(text, stmt.stmt_location), stmt.stmt))
    return tuple(statements)


def read_sql_file(path: Path, name: str | None = None) -> SqlFile:
    """Read and parse `path`; `name` is how messages refer to it."""
    shown = name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ProjectError(f"{shown}: file not found") from exc
    except UnicodeDecodeError as exc:
        raise ProjectError(f"{shown}: not UTF-8 text ({exc.reason})") from exc
    directives, header = parse_header(text)
    return SqlFile(path, shown, text, split_statements(text, shown), directives, header)
