"""One exception hierarchy for the toolkit; the CLI turns these into messages and exit codes.

Exit codes (documented once, here and in the README): 0 ok, 1 a failed operation or
findings, 2 a usage or tool error.
"""

from __future__ import annotations

import os
import sys

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


class MashdbError(Exception):
    """Base of every error the toolkit raises on purpose."""

    exit_code = EXIT_FAILED


class UsageError(MashdbError):
    """The command was called wrongly: a bad option value, an unknown version."""

    exit_code = EXIT_USAGE


class ConfigError(UsageError):
    """The target database or the project layout is misconfigured (bad URL, no sql/ folder)."""


class SchemaMismatch(UsageError):
    """The database is not at the code's migrations (behind, ahead, edited or empty), so the
    RLS suite would test another schema than the one in sql/."""


class ConnectionFailed(MashdbError):
    """The database server could not be reached or refused the login."""


class ProjectError(MashdbError):
    """The SQL files are malformed: a missing rollback, a duplicate number, a parse error."""


class MigrationFailed(MashdbError):
    """A statement failed while applying or rolling back; nothing of that step was kept."""


class PrivilegeRefused(MashdbError):
    """The role lacks a privilege a planned statement needs; refused before any step ran."""


class DriftError(MashdbError):
    """An applied versioned migration was edited after it was applied."""


class ReapplyRefused(MashdbError):
    """`reapply` was asked for a migration that exists on the base branch (merged, immutable)."""


class LockTimeout(MashdbError):
    """Another migrate held the migration lock for longer than we were willing to wait."""


class DataLossRefused(MashdbError):
    """A rollback would drop tables or columns that hold rows, and it was not confirmed."""


class BaselineRefused(MashdbError):
    """`mashdb baseline` found the catalog without what the migrations to adopt create."""


class ServerError(MashdbError):
    """The embedded PostgreSQL server could not be started or stopped."""


class ToolError(UsageError):
    """A PostgreSQL client program (psql, pg_dump) is missing or could not do its job."""


class InternalError(MashdbError):
    """An exception the toolkit did not raise on purpose: a bug, reported in one line."""

    exit_code = EXIT_USAGE


def as_mashdb_error(exc: Exception, database_url: str | None, doing: str) -> MashdbError:
    """The error to report for an exception that reached the command-line boundary.

    A database error becomes the same one line the library uses (psycopg is looked up in
    sys.modules, so commands that never imported it do not pay for it here); anything else
    is an internal error naming its type. MASHDB_DEBUG=1 re-raises for the traceback.
    """
    if os.environ.get("MASHDB_DEBUG"):
        raise exc
    psycopg = sys.modules.get("psycopg")
    if psycopg is not None and isinstance(exc, psycopg.Error):
        from toolkit.db import database_error

        return database_error(exc, database_url, doing)
    text = str(exc).strip().splitlines()
    detail = f": {text[0]}" if text else ""
    return InternalError(
        f"internal error in {doing} ({type(exc).__name__}{detail}); this is a bug in mashdb, "
        "MASHDB_DEBUG=1 shows the traceback"
    )
