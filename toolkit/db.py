"""Target database resolution and connections.

Order of precedence: `--database-url` > `DATABASE_URL` > the project's embedded server.
Every connection error becomes a one-line `ConnectionFailed` naming the (password-masked) target.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from toolkit import embedded, pooler
from toolkit.errors import ConfigError, ConnectionFailed, MashdbError, MigrationFailed
from toolkit.project import Project
from toolkit.target import Target, mask_password


def validate_url(url: str, source: str = "the database URL") -> str:
    """Check that `url` is a PostgreSQL URL or conninfo string; return it unchanged."""
    if not url.strip():
        raise ConfigError(
            f"{source} is empty: give a postgresql:// URL (an empty value never silently "
            "falls back to the embedded server)"
        )
    if "://" in url:
        scheme = url.split("://", 1)[0]
        if scheme not in ("postgresql", "postgres"):
            raise ConfigError(
                f"malformed database URL {mask_password(url)!r}: scheme {scheme!r} is not "
                "postgresql:// or postgres://"
            )
    try:
        params = conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise ConfigError(
            f"malformed database URL {mask_password(url)!r}: "
            + _first_line(exc).replace(url, mask_password(url))
        ) from exc
    for port in str(params.get("port") or "").split(","):
        if port and not (port.isdigit() and 0 < int(port) < 65536):
            raise ConfigError(
                f"malformed database URL {mask_password(url)!r}: port {port!r} is not a number "
                "between 1 and 65535"
            )
    return url


def resolve_target(
    database_url: str | None,
    project: Project,
    env: Mapping[str, str] | None = None,
) -> Target:
    """Pick the target database; starts the project's embedded server when nothing is given.

    A given but empty value (`--database-url ""`, or `DATABASE_URL=` from a CI secret that
    is missing) is an error: silently migrating the embedded server instead would report
    success while the intended database was never touched.
    """
    env = os.environ if env is None else env
    if database_url is not None:
        return _checked(Target(validate_url(database_url, "--database-url"), "--database-url"))
    if "DATABASE_URL" in env:
        return _checked(Target(validate_url(env["DATABASE_URL"], "DATABASE_URL"), "DATABASE_URL"))
    return Target(embedded.start(project.state_dir / "pgdata"), "embedded")


def _checked(target: Target) -> Target:
    pooler.check_url(target.url, f"{target.display} ({target.source})")
    return target


def connect(url: str, *, autocommit: bool = True, **kwargs: object) -> psycopg.Connection:
    """Open a psycopg connection or raise `ConnectionFailed` with one clear line.

    Automatic server-side prepared statements are off (`prepare_threshold=None`): they are
    session state a pooler may not keep (toolkit/pooler.py explains the choice)."""
    kwargs.setdefault("connect_timeout", 10)
    kwargs.setdefault("prepare_threshold", None)
    kwargs.setdefault("application_name", "mashdb")
    try:
        return psycopg.connect(url, autocommit=autocommit, **kwargs)
    except psycopg.OperationalError as exc:
        raise ConnectionFailed(
            f"cannot connect to {mask_password(url)}: {_first_line(exc)}"
        ) from exc
    except psycopg.ProgrammingError as exc:
        raise ConfigError(
            f"malformed database URL {mask_password(url)!r}: {_first_line(exc)}"
        ) from exc


def database_error(exc: psycopg.Error, url: str | None, doing: str) -> MashdbError:
    """One clear line for a database error raised outside a migration file (bookkeeping,
    catalog reads, COMMIT), so no psycopg traceback ever reaches the user."""
    message = (exc.diag.message_primary if exc.sqlstate else None) or _first_line(exc)
    lost = (
        exc.sqlstate.startswith(("08", "57P"))
        if exc.sqlstate
        else isinstance(exc, psycopg.OperationalError)
    )
    if lost:
        sqlstate = exc.sqlstate or "08006"
        where = mask_password(url) if url else "the database"
        return ConnectionFailed(
            f"lost the connection to {where} during {doing}: {message} "
            f"(SQLSTATE {sqlstate}); every step is one transaction, so the step in progress "
            "was committed whole or not at all: re-run to continue"
        )
    if not exc.sqlstate:
        # raised by the driver itself (never sent, or its reply not understood): no SQLSTATE
        return MigrationFailed(
            f"{doing} failed in the database driver: {message} "
            f"({type(exc).__name__}, no SQLSTATE: the server did not report an error)"
        )
    sqlstate = exc.sqlstate
    text = f"{doing} failed: {message} (SQLSTATE {sqlstate})"
    if sqlstate == "42501" and "mashdb" in message:
        text += (
            "\n  hint: the role lacks a privilege; mashdb's bookkeeping is in schema mashdb "
            "(reading it needs usage on the schema and select on its tables)"
        )
    elif sqlstate == "42501":
        text += (
            "\n  hint: the role lacks a privilege on an object it does not own; run as the "
            "object's owner, or ask the owner to grant it"
        )
    elif exc.diag.message_hint:
        text += f"\n  hint: {exc.diag.message_hint}"
    return MigrationFailed(text)


def with_database(url: str, dbname: str) -> str:
    """The same server URL pointing at another database."""
    return make_conninfo(url, dbname=dbname)


def create_database(url: str, name: str, template: str | None = None) -> str:
    """Create database `name` on `url`'s server (optionally from a template); return its URL."""
    with connect(url) as conn:
        stmt = sql.SQL("create database {}").format(sql.Identifier(name))
        if template:
            stmt = sql.SQL("{} template {}").format(stmt, sql.Identifier(template))
        conn.execute(stmt)
    return with_database(url, name)


def drop_database(url: str, name: str) -> None:
    """Drop database `name` on `url`'s server, disconnecting its sessions."""
    with connect(url) as conn:
        conn.execute(
            sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name))
        )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
