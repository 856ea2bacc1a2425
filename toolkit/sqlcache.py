"""A cache of how SQL texts split into statements, keyed by the sha256 of the text.

Parsing with pglast is most of what a no-op `status` or `migrate` would otherwise spend, and
its result depends only on the text (and on the parser): so each split is stored once, as a
small JSON file named by the text's hash, under a folder named by this format's version and
the installed parser build. Where: ``$MASHDB_CACHE_DIR``, else ``$XDG_CACHE_HOME/mashdb``,
else ``~/.cache/mashdb``; ``MASHDB_CACHE_DIR=`` (empty) turns the cache off.

Entries are content-addressed and never change, so concurrent writers are harmless: each
writes a whole file under a temporary name and renames it into place (atomic on POSIX), and
a reader sees either no entry or a complete one. An entry that does not read back as the
expected shape (a corrupted or foreign file) is ignored and rewritten; a folder that cannot
be written just means no caching. An entry is also checked against the text it is for:
its statements, in order, must leave out nothing but whitespace, semicolons and comments, so
a forged entry can mislabel a statement but never hide SQL from migrate (a nested block
comment fails the check and is simply parsed again). The cache is an optimisation only:
without it every answer is the same, just slower.

Other content-addressed entries share the same root and writing discipline
(:func:`read_entry`, :func:`write_entry`): migrate's RLS pre-flight verdicts
(toolkit/rls_preflight.py), under a folder named by :func:`code_build`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from importlib.util import find_spec
from pathlib import Path
from typing import Any, TypedDict

FORMAT = 1

Row = list[Any]  # [start, end, line, end_line, kind, defines | None]


class Split(TypedDict):
    """How one text splits: its statements, or ``error`` = [message, line]."""

    statements: list[Row]
    error: list[Any] | None


_resolved: dict[tuple[str | None, str | None], Path | None] = {}


def folder() -> Path | None:
    """The cache folder of this format and parser build, or None when caching is off."""
    env = (os.environ.get("MASHDB_CACHE_DIR"), os.environ.get("XDG_CACHE_HOME"))
    if env not in _resolved:
        root = cache_root()
        _resolved[env] = None if root is None else (
            root / f"statements-v{FORMAT}-{_parser_build()}"
        )
    return _resolved[env]


def cache_root() -> Path | None:
    """mashdb's cache directory (every kind of entry lives in a folder below it), or None
    when caching is off (``MASHDB_CACHE_DIR=``)."""
    root = os.environ.get("MASHDB_CACHE_DIR")
    if root == "":
        return None
    if root is None:
        xdg = os.environ.get("XDG_CACHE_HOME")
        root = str(Path(xdg) / "mashdb") if xdg else str(Path.home() / ".cache" / "mashdb")
    return Path(root)


def read_entry(where: Path, key: str) -> Any:
    """The decoded JSON entry `key` in folder `where`, or None (absent or unreadable)."""
    try:
        return json.loads((where / f"{key}.json").read_bytes())
    except (OSError, ValueError):
        return None


def write_entry(where: Path, key: str, value: Any) -> None:
    """Write entry `key` in folder `where` whole, atomically (best effort: any failure to
    write is ignored, which only means no caching)."""
    import tempfile

    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(value, out, separators=(",", ":"))
            os.replace(tmp, where / f"{key}.json")
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return


def _parser_build() -> str:
    """A short fingerprint of the installed pglast build (without importing it)."""
    spec = find_spec("pglast")
    origin = Path(spec.origin) if spec and spec.origin else None
    parts = []
    if origin is not None:
        for entry in sorted(os.scandir(origin.parent), key=lambda e: e.name):
            if entry.name.startswith("parser.") and entry.name.endswith((".so", ".pyd")):
                stat = entry.stat()
                parts.append(f"{entry.path}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]


def code_build() -> str:
    """A short fingerprint of the installed toolkit's code and parser build: entries whose
    content follows from mashdb's own rules (a pre-flight verdict) live under it, so any
    change to the code starts them afresh."""
    package = Path(__file__).resolve().parent
    parts = [_parser_build()]
    for directory, subdirs, names in os.walk(package):
        subdirs[:] = sorted(d for d in subdirs if d != "__pycache__")
        for name in sorted(names):
            if name.endswith(".py"):
                stat = os.stat(os.path.join(directory, name))
                parts.append(f"{directory}/{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def lookup(text: str) -> Split | None:
    """The cached split of `text`, or None (not cached, unreadable or malformed)."""
    where = folder()
    if where is None:
        return None
    entry = read_entry(where, _key(text))
    return entry if _well_formed(entry, len(text)) and _covers(entry, text) else None


def store(text: str, split: Split) -> None:
    """Record the split of `text` (best effort: any failure to write is ignored)."""
    where = folder()
    if where is not None:
        write_entry(where, _key(text), split)


_GAP = re.compile(r"(?:\s|;|--[^\n]*(?:\n|$)|/\*.*?\*/)*", re.S)


def _covers(entry: Split, text: str) -> bool:
    """Whether the statements, in order and without overlap, leave out nothing of `text` but
    whitespace, semicolons and comments: an entry can never hide SQL from a caller."""
    position = 0
    for start, end, *_ in entry["statements"]:
        if start < position or not _GAP.fullmatch(text, position, start):
            return False
        position = end
    return entry["error"] is not None or bool(_GAP.fullmatch(text, position))


def _well_formed(entry: Any, size: int) -> bool:
    if not isinstance(entry, dict) or set(entry) != {"statements", "error"}:
        return False
    error, rows = entry["error"], entry["statements"]
    if error is not None:
        return (
            isinstance(error, list)
            and len(error) == 2
            and isinstance(error[0], str)
            and isinstance(error[1], int)
            and rows == []
        )
    if not isinstance(rows, list):
        return False
    for row in rows:
        if not (isinstance(row, list) and len(row) == 6):
            return False
        start, end, line, end_line, kind, defines = row
        if not all(type(n) is int for n in (start, end, line, end_line)):
            return False
        if not (0 <= start <= end <= size and 1 <= line <= end_line and isinstance(kind, str)):
            return False
        if defines is not None and not (
            isinstance(defines, list)
            and len(defines) == 4
            and all(isinstance(s, str) for s in defines[:3])
            and isinstance(defines[3], bool)
        ):
            return False
    return True
