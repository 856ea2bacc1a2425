"""The no-op fast path of `mashdb status` and `mashdb migrate`: a database already at head.

A no-op is the everyday case (a status check, a `migrate` in a script that finds nothing to
do) and the full command line spends most of its time importing: click, rich, psycopg
(~80 ms alone), the migration engine. This path serves the no-op without any of them:
the files are read and planned by the same modules as always (toolkit/files.py, plan.py,
status.py: the split statements come from the parse cache, so not even pglast is
imported), and the database is asked through the embedded wheel's `psql` (the program
`mashdb psql` opens), one session running the very files of toolkit/queries/ the full path
runs through psycopg. Measured (docs/performance.md, "8. CLI start-up"), `import psycopg`
alone costs more than the psql session does from start to end; a narrower psycopg import
still pays for psycopg.pq, its errors and its types. Text printed to a pipe is
render.plain_text (what rich prints there, without rich's ~25 ms of import and ~20 ms of
drawing a status); on a terminal, or whatever plain_text cannot promise, rich prints.

It serves only what it can word exactly as the full path does, and nothing else: the
command line is one of `[--project P] [--database-url URL] status|migrate [--json]
[--database-url URL]`, the target a plain postgresql:// URL (given, or DATABASE_URL), the
files valid, and the database at head (for `status`: up to date, every migration applied
with its file unchanged; for `migrate`: nothing planned). Anything else, including every
error, a pending migration, drift, a lock held by another run, a pooler, a Supabase
history, the embedded server as target, raises :class:`Fallback` before anything is
printed, and the full command line runs from the start as if this path did not exist: its
messages and exit codes stay the only ones. tests/toolkit/cli/test_noop_fastpath.py runs
both paths on databases at head, edited, behind, ahead, empty and unreachable and compares
their output byte for byte.

`MASHDB_FULL_PATH=1` in the environment turns this path off (the tests use it to run the
full path on the same state).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the rest is imported once a command line is known to be served here
    from toolkit.files import ProjectFiles
    from toolkit.project import Project
    from toolkit.psql_session import Psql
    from toolkit.state import DbState
    from toolkit.target import Target

FULL_PATH_ENV = "MASHDB_FULL_PATH"
COMMANDS = ("status", "migrate")
# locked_session's client_connection_check_interval, as one statement: from PostgreSQL 14
_CHECK_INTERVAL = (
    "select set_config('client_connection_check_interval', '1s', false) "
    "where current_setting('server_version_num')::int >= 140000"
)


class Fallback(Exception):
    """Not a plain no-op (or not one this path can word): the full command line runs it."""


@dataclass(frozen=True)
class Invocation:
    """A command line this path may serve."""

    command: str  # status | migrate
    as_json: bool
    database_url: str | None
    project_path: Path | None


def run(argv: Sequence[str], env: dict[str, str] | None = None) -> int | None:
    """Serve `argv` (the arguments after `mashdb`) and return the exit code, or None when
    the full command line must run it (nothing was printed then)."""
    env = dict(os.environ) if env is None else env
    if env.get(FULL_PATH_ENV):
        return None
    invocation = parse(argv)
    if invocation is None:
        return None
    try:
        emit = _serve(invocation, env)
    except Exception:  # noqa: BLE001 - any surprise: the full path runs and words it
        return None
    try:
        emit()
        sys.stdout.flush()
    except BrokenPipeError:  # a reader that closed the pipe is not an error
        from toolkit.console import silence_stdout

        silence_stdout()
    return 0


def parse(argv: Sequence[str]) -> Invocation | None:
    """The invocation `argv` spells, when it is one of the few shapes this path serves."""
    command: str | None = None
    values: dict[str, str] = {}
    as_json = False
    args = list(argv)
    while args:
        arg = args.pop(0)
        name, eq, value = arg.partition("=")
        allowed = ("--database-url",) if command else ("--project", "--database-url")
        if name in allowed and name not in values:
            if not eq:
                if not args:
                    return None
                value = args.pop(0)
            values[name] = value
        elif command and arg == "--json" and not as_json:
            as_json = True
        elif command is None and arg in COMMANDS:
            command = arg
        else:
            return None
    if command is None or any(not v or v.startswith("-") for v in values.values()):
        return None
    project = values.get("--project")
    return Invocation(command, as_json, values.get("--database-url"), project and Path(project))


def _serve(invocation: Invocation, env: dict[str, str]) -> Any:
    """Everything but the printing: a callable that prints, or Fallback."""
    from toolkit.project import find_project
    from toolkit.target import Target

    if invocation.database_url is not None:
        target = Target(invocation.database_url, "--database-url")
    elif "DATABASE_URL" in env:
        target = Target(env["DATABASE_URL"], "DATABASE_URL")
    else:
        raise Fallback("the embedded server: started and located by the full path")
    from toolkit.psql_session import Psql

    psql_url, password = psql_target(target.url)
    if password is not None:
        env = {**env, "PGPASSWORD": password}
    project = find_project(invocation.project_path)
    serve = _status if invocation.command == "status" else _migrate
    return serve(target, project, invocation.as_json, lambda: Psql(psql_url, env))


def psql_target(url: str) -> tuple[str, str | None]:
    """What psql is given for `url`: the URL without its password, and the password (for
    PGPASSWORD: a command line is readable by every local user, the environment is not).
    Fallback unless `url` is a postgresql:// URL or a simple conninfo string the full path
    accepts as it is (one host, a numeric port, only parameters both clients read alike)
    and that is no pooler (toolkit/pooler.py refuses or probes those)."""
    from urllib.parse import parse_qsl, unquote, urlsplit, urlunsplit

    from toolkit.target import SIMPLE_KEYS, simple_conninfo

    if url.startswith(("postgresql://", "postgres://")):
        parts = urlsplit(url)
        params = parse_qsl(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query))
        keys = [k for k, _ in params]
        hosts = [parts.hostname or "", *(v for k, v in params if k == "host")]
        ports = [str(parts.port or ""), *(v for k, v in params if k == "port")]
        odd = (
            bool(parts.fragment)
            or any(c in parts.netloc for c in ",[]")
            or len(set(keys)) != len(keys)
            or not set(keys) <= set(SIMPLE_KEYS) - {"password"}
        )
        password = None if parts.password is None else unquote(parts.password)
        if password is not None:
            user_info, host_port = parts.netloc.rsplit("@", 1)
            netloc = f"{user_info.split(':', 1)[0]}@{host_port}"
            url = urlunsplit(parts._replace(netloc=netloc))
    else:
        simple = simple_conninfo(url)
        if simple is None:
            raise Fallback("a conninfo string libpq must parse")
        hosts, ports, odd = [simple.get("host", "")], [simple.get("port", "")], False
        password = simple.pop("password", None)
        url = " ".join(f"{k}={v}" for k, v in simple.items())
    if (
        odd
        or any("," in h or h.lower().endswith(".pooler.supabase.com") for h in hosts)
        or any(p and not (p.isdigit() and 0 < int(p) < 65536) for p in ports)
    ):
        raise Fallback("a URL the full path checks itself")
    return url, password


def _status(target: Target, project: Project, as_json: bool, session: Callable[[], Psql]) -> Any:
    """`mashdb status` on a database at head (toolkit.status.get_status's reads)."""
    from toolkit import render, status
    from toolkit.files import load_files
    from toolkit.psql_session import read_state

    files = load_files(project, report_invalid=True)
    with session() as psql:
        state, _, _ = read_state(psql, first=["set default_transaction_read_only = on"])
    result = status.compare(files, state, target)
    if not result.up_to_date or any(m.state != "applied" for m in result.migrations):
        raise Fallback("not at head: the full path words it")
    if as_json:
        text = json.dumps(render.status_json(result), indent=2)
        return lambda: sys.stdout.write(text + "\n")
    return _printer(render.status_parts(result), lambda: render.status_tables(result))


def _nothing_to_do(files: ProjectFiles, state: DbState) -> None:
    """Fallback unless migrate finds nothing to do in `state` and no Supabase history to
    check (or the error planning raises: drift)."""
    from toolkit.plan import plan_migrate

    if state.has_supabase_history:
        raise Fallback("a Supabase history: the full path checks and keeps it")
    if plan_migrate(files, state):
        raise Fallback("something to do")


def _migrate(target: Target, project: Project, as_json: bool, session: Callable[[], Psql]) -> Any:
    """`mashdb migrate` on a database at head, with the guards the full path evaluates
    before it finds nothing to do (toolkit/engine.py's migrate and
    toolkit/session.py's locked_session, in their order):

    - the pooler check: the backend pid libpq was told at start-up (psql's \\conninfo)
      is the session's own pg_backend_pid(), else Fallback (pooler.require_session probes);
      with it a first read of the bookkeeping, so that a run with something to do falls
      through before it takes the lock (the full path then takes it once, as always);
    - the session settings (lock_timeout, statement_timeout of the default Options,
      client_connection_check_interval from PostgreSQL 14), session_search_path.sql;
    - the migration lock, taken with pg_try_advisory_lock: held by another run, Fallback
      (the full path waits, and says so);
    - the bookkeeping (state.sql and the rest, under the lock); a Supabase history table
      means Fallback (its unadopted-history check and mashdb.toml's setting are the full
      path's);
    - the plan (toolkit.plan.plan_migrate, drift check included): anything to do, or any
      drift, Fallback; with nothing planned the RLS pre-flight has nothing to check;
    - the privilege pre-flight: bookkeeping_privilege.sql (false: Fallback) and
      preflight_role.sql, as preflight.check reads it for an empty plan;
    - ensure_bookkeeping: bookkeeping.sql in one transaction, then the state read again.
    """
    from toolkit import locking, queries, render
    from toolkit.files import load_files
    from toolkit.psql_session import read_state
    from toolkit.results import Options, RunResult

    files = load_files(project)
    settings = [f"select set_config('{k}', '{v}', false)" for k, v in Options().settings().items()]
    lock = f"select pg_try_advisory_lock({locking.LOCK_KEY}) as locked"
    with session() as psql:
        # a first look, before the lock: a run with something to do never takes it twice
        ahead, (conninfo, (pid,)), _ = read_state(
            psql, first=["\\conninfo", "select pg_backend_pid() as pid"]
        )
        if {r["Parameter"]: r["Value"] for r in conninfo}.get("Backend PID") != pid["pid"]:
            raise Fallback("a pooler between: the full path probes it")
        _nothing_to_do(files, ahead)
        psql.batch([*settings, _CHECK_INTERVAL, queries.load("session_search_path")])
        start = time.monotonic()
        if psql.rows(lock) != [{"locked": "t"}]:
            raise Fallback("the lock is held: the full path waits for it")
        waited = time.monotonic() - start
        try:  # what the full path reads and checks under the lock
            state, _, (privilege, _role) = read_state(
                psql, then=[queries.load("bookkeeping_privilege"), queries.load("preflight_role")]
            )
            _nothing_to_do(files, state)
            if privilege != [{"database_name": state.database, "may_create": "t"}]:
                raise Fallback("the full path refuses, with its message")
        except Exception:  # a plan, drift, a refusal: the full path takes over
            # give the lock back before the full path asks for it (it would say it waits)
            psql.rows(f"select pg_advisory_unlock({locking.LOCK_KEY})")
            raise
        after, _, _ = read_state(psql, first=["begin", queries.load("bookkeeping"), "commit"])
    result = RunResult(target.display, False, state.current, after.current, (), waited)
    if as_json:
        text = json.dumps(render.run_json(result), indent=2)
        return lambda: sys.stdout.write(text + "\n")
    line = f"already up to date at {result.after or 'empty'} ({result.target})"
    return _printer([line], lambda: [line])


def _printer(parts: list[Any], drawn: Callable[[], list[Any]]) -> Callable[[], None]:
    """What prints `parts` as the full path's console does: plain text when stdout is no
    terminal and nothing asks rich for colour (render.plain_text), else rich itself
    printing `drawn()`."""
    from toolkit import render

    colour = sys.stdout.isatty() or "FORCE_COLOR" in os.environ or "TTY_COMPATIBLE" in os.environ
    text = None if colour else render.plain_text(parts, render.PIPE_WIDTH)
    if text is not None:
        return lambda: sys.stdout.write(text)

    def emit() -> None:
        from toolkit.console import out

        for item in drawn():
            out.print(item)

    return emit
