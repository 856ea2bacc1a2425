"""The database a command works on, and how it is shown: without the driver, so that a
command that only reports (the no-op fast path, toolkit/noop.py) never imports psycopg."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit


@dataclass(frozen=True)
class Target:
    """The database a command works on and where that choice came from."""

    url: str
    source: str  # "--database-url" | "DATABASE_URL" | "embedded"

    @property
    def display(self) -> str:
        return mask_password(self.url)


def mask_password(url: str) -> str:
    """The URL with any password replaced by `***`, safe to print (even when malformed)."""
    try:
        if "://" not in url:
            return _mask_conninfo(url)
        parts = urlsplit(url)
        if parts.password is None:
            return url
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
        return urlunsplit(parts._replace(netloc=netloc))
    except ValueError:
        return _mask_malformed(url)


# The conninfo keys simple_conninfo reads, in the order libpq lists its options (which is
# how psycopg's conninfo_to_dict returns them and so how a masked conninfo is written).
SIMPLE_KEYS = ("user", "password", "dbname", "host", "port", "sslmode")
_PAIR = re.compile(r"\s*([a-z]+)\s*=\s*([^\s'\\]+)\s*")


def simple_conninfo(text: str) -> dict[str, str] | None:
    """The `key=value` pairs of a conninfo string made only of SIMPLE_KEYS, each once with
    an unquoted value, in libpq's order; None for anything else (libpq parses that)."""
    found: dict[str, str] = {}
    position = 0
    while position < len(text):
        pair = _PAIR.match(text, position)
        if pair is None or pair.group(1) not in SIMPLE_KEYS or pair.group(1) in found:
            return None
        found[pair.group(1)] = pair.group(2)
        position = pair.end()
    return {key: found[key] for key in SIMPLE_KEYS if key in found} or None


def _mask_conninfo(url: str) -> str:
    # a `key=value` string: read here when simple (psycopg's make_conninfo writes these
    # values unquoted, in this order), else by libpq's own parser through psycopg
    simple = simple_conninfo(url)
    if simple is not None:
        return " ".join(f"{k}={'***' if k == 'password' else v}" for k, v in simple.items())
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    try:
        params = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return _mask_malformed(url)
    if "password" in params:
        params["password"] = "***"
    return make_conninfo(**params)


def _mask_malformed(url: str) -> str:
    masked = re.sub(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", r"\1***", url)
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", masked)
