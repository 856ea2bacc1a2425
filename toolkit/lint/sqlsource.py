"""Read one SQL file with pglast: its statements with 1-based line spans, or its parse error.

pglast hands back ``RawStmt`` nodes whose ``stmt_location`` is a byte offset that
starts right after the previous semicolon (so it covers blank lines and comments
in between); we skip that gap to report the line where the statement's first
token is, which is the line a reader expects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pglast
from pglast.parser import ParseError

_DIRECTIVE = re.compile(r"^\s*--\s*([a-z_-]+)\s*:\s*(.*?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Statement:
    """One parsed statement: the pglast node and the lines it spans (1-based, inclusive)."""

    node: Any
    line: int
    end_line: int


@dataclass(frozen=True)
class SqlFile:
    """A parsed file: ``statements`` when pglast accepted it, else ``error`` and ``error_line``."""

    path: Path
    text: str
    statements: tuple[Statement, ...]
    error: str | None = None
    error_line: int | None = None

    def header_directives(self) -> dict[str, str]:
        """``-- key: value`` lines of the leading comment block (e.g. ``transactional``)."""
        return header_directives(self.text)


def header_directives(text: str) -> dict[str, str]:
    """Parse the ``-- key: value`` directives of a file's leading comment block."""
    found: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("--"):
            break
        match = _DIRECTIVE.match(line)
        if match:
            found.setdefault(match.group(1).lower(), match.group(2))
    return found


def _skip_gap(data: bytes, pos: int) -> int:
    """Advance past whitespace, ``--`` comments and ``/* */`` comments."""
    size = len(data)
    while pos < size:
        if data[pos : pos + 1].isspace():
            pos += 1
        elif data.startswith(b"--", pos):
            end = data.find(b"\n", pos)
            pos = size if end < 0 else end + 1
        elif data.startswith(b"/*", pos):
            end = data.find(b"*/", pos + 2)
            pos = size if end < 0 else end + 2
        else:
            break
    return pos


def _line_at(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, max(pos, 0)) + 1


def parse_text(path: Path, text: str) -> SqlFile:
    """Parse ``text`` (the content of ``path``) into a :class:`SqlFile`; never raises on bad SQL."""
    data = text.encode("utf-8")
    try:
        raw_statements = pglast.parse_sql(text)
    except ParseError as exc:
        location = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], int) else None
        line = _line_at(data, location - 1) if location else None
        return SqlFile(path, text, (), error=str(exc.args[0]), error_line=line)
    statements = []
    for raw in raw_statements:
        start = _skip_gap(data, raw.stmt_location)
        length = raw.stmt_len or (len(data) - raw.stmt_location)
        end = raw.stmt_location + length
        statements.append(Statement(raw.stmt, _line_at(data, start), _line_at(data, end - 1)))
    return SqlFile(path, text, tuple(statements))


def parse_file(path: Path) -> SqlFile:
    """Read and parse one file (UTF-8)."""
    return parse_text(path, path.read_text(encoding="utf-8"))
