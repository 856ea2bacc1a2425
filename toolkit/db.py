"""Target database resolution and connections.

Order of precedence: `--database-url` > `DATABASE_URL` > the project's embedded server.
Every connection error becomes a one-line `ConnectionFailed` naming the (password-masked) target.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from toolkit import embedded
from toolkit.errors import ConfigError, ConnectionFailed
from toolkit.project import Project


@dataclass(frozen=True)
class Target:
    """The database a command works on and where that choice came from."""

    url: str
    source: str  # "--database-url" | "DATABASE_URL" | "embedded"

    @property
    def display(self) -> str:
        return mask_password(self.url)


def mask_password(url: str) -> str:
    """The URL with any password replaced by `***`, safe to print."""
    if "://" not in url:
        params = conninfo_to_dict(url)
        if "password" in params:
            params["password"] = "***"
        return make_conninfo(**params)
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def validate_url(url: str) -> str:
    """Check that `url` is a PostgreSQL URL or conninfo string; return it unchanged."""
    if not url.strip():
        raise ConfigError("the database URL is empty")
    if "://" in url:
        scheme = url.split("://", 1)[0]
        if scheme not in ("postgresql", "postgres"):
            raise ConfigError(
                f"malformed database URL {mask_password(url)!r}: scheme {scheme!r} is not "
                "postgresql:// or postgres://"
            )
    try:
        conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise ConfigError(f"malformed database URL {url!r}: {_first_line(exc)}") from exc
    return url


def resolve_target(
    database_url: str | None,
    project: Project,
    env: Mapping[str, str] | None = None,
) -> Target:
    """Pick the target database; starts the project's embedded server when nothing is given."""
    env = os.environ if env is None else env
    if database_url:
        return Target(validate_url(database_url), "--database-url")
    if env.get("DATABASE_URL"):
        return Target(validate_url(env["DATABASE_URL"]), "DATABASE_URL")
    return Target(embedded.start(project.state_dir / "pgdata"), "embedded")


def connect(url: str, *, autocommit: bool = True, **kwargs: object) -> psycopg.Connection:
    """Open a psycopg connection or raise `ConnectionFailed` with one clear line."""
    kwargs.setdefault("connect_timeout", 10)
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
