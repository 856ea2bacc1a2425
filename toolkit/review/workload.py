"""The app's queries a migration is executed under (`mashdb review --under-load`): declared by
the project in a TOML file, by default `tests/load/workload.toml`:

    setup = ["update public.mashups set status = 'published'"]  # optional: run once after
                        # the rows are generated, to shape them (triggers off, like them)
    [[query]]
    name = "like insert"                      # how reports name it
    sql = "insert into public.mashup_likes (user_id, mashup_id) values (%(user)s, %(mashup)s)"
    role = "service_role"                     # optional: `set role` on its connection
    writes = true                             # optional: default, whether it is not a SELECT
    [query.pick]                              # optional: parameters, one value per execution,
    user = "select id from public.profiles"   # drawn at random from what the SQL returns
    mashup = "select id from public.mashups"  # (its first 10 000 rows, read once)

Each query loops on its own connection while a migration runs (toolkit/review/under_load.py).
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

from toolkit.errors import ConfigError
from toolkit.review.rowgen import triggers_off
from toolkit.review.under_load import WorkloadQuery

DEFAULT_PATH = Path("tests") / "load" / "workload.toml"
POOL = 10_000  # parameter values read per pick


@dataclass(frozen=True)
class Workload:
    """The file's content: setup statements and queries."""

    setup: tuple[str, ...]
    queries: tuple[Declared, ...]


@dataclass(frozen=True)
class Declared:
    """One query as the file declares it."""

    name: str
    sql: str
    picks: dict[str, str]
    role: str | None
    writes: bool


def load(path: Path, shown: str) -> Workload:
    """Read and check the workload file (`shown` names it in errors)."""
    if not path.is_file():
        raise ConfigError(
            f"no workload file {shown}: --under-load runs the app's queries while each "
            "migration is applied; declare them there (docs/review.md) or pass --workload FILE"
        )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{shown}: invalid TOML: {exc}") from exc
    queries = data.get("query")
    if set(data) - {"query", "setup"} or not isinstance(queries, list) or not queries:
        raise ConfigError(f"{shown}: expected one or more [[query]] tables (and setup)")
    setup = data.get("setup", [])
    if not isinstance(setup, list) or not all(isinstance(s, str) and s for s in setup):
        raise ConfigError(f"{shown}: setup must be a list of SQL statements")
    found = []
    for i, q in enumerate(queries, 1):
        where = f"{shown}: query {i}"
        if not isinstance(q, dict) or set(q) - {"name", "sql", "role", "writes", "pick"}:
            raise ConfigError(f"{where}: keys are name, sql, role, writes, pick")
        name, text = q.get("name"), q.get("sql")
        if not isinstance(name, str) or not isinstance(text, str) or not name or not text:
            raise ConfigError(f"{where}: name and sql must be non-empty strings")
        picks = q.get("pick", {})
        if not isinstance(picks, dict) or not all(isinstance(v, str) for v in picks.values()):
            raise ConfigError(f"{where} ({name}): pick maps parameter names to SELECT text")
        role = q.get("role")
        if role is not None and not isinstance(role, str):
            raise ConfigError(f"{where} ({name}): role must be a string")
        writes = q.get("writes", not text.lstrip().lower().startswith(("select", "with")))
        if not isinstance(writes, bool):
            raise ConfigError(f"{where} ({name}): writes must be true or false")
        found.append(Declared(name, text, picks, role, writes))
    if len({q.name for q in found}) != len(found):
        raise ConfigError(f"{shown}: two queries have the same name")
    return Workload(tuple(setup), tuple(found))


def prepare(
    conn: psycopg.Connection, workload: Workload
) -> tuple[list[WorkloadQuery], list[str]]:
    """Run the setup statements, then read each query's parameter pools and run it once
    (rolled back) on `conn`'s database; a query that fails there is left out with a note
    saying why (e.g. it needs a table only a later migration adds)."""
    queries, notes = [], []
    replica = triggers_off(conn) if workload.setup else False
    try:
        for i, text in enumerate(workload.setup, 1):
            try:
                conn.execute(text)
            except psycopg.Error as exc:
                first = (exc.diag.message_primary or str(exc)).splitlines()[0]
                notes.append(f"workload setup statement {i} failed on base: {first}")
    finally:
        if replica:
            conn.execute("reset session_replication_role")
    for d in workload.queries:
        try:
            pools = {
                key: [r[0] for r in conn.execute(
                    sql.SQL("select * from ({}) as pick limit {}").format(
                        sql.SQL(text), sql.Literal(POOL))
                )]
                for key, text in d.picks.items()
            }
            empty = [key for key, values in pools.items() if not values]
            if empty:
                notes.append(f"workload query {d.name!r} left out: pick {empty[0]} returns no rows")
                continue
            query = WorkloadQuery(d.name, d.sql, _Draw(pools) if pools else None, d.role, d.writes)
            with conn.transaction(force_rollback=True):
                if d.role:
                    conn.execute(sql.SQL("set local role {}").format(sql.Identifier(d.role)))
                conn.execute(d.sql, query.params(random.Random(0)) if query.params else None)
        except psycopg.Error as exc:
            first = (exc.diag.message_primary or str(exc)).splitlines()[0]
            notes.append(f"workload query {d.name!r} left out: it fails on base: {first}")
            continue
        queries.append(query)
    return queries, notes


@dataclass(frozen=True)
class _Draw:
    """A query's parameters: one value of each pool, drawn per execution."""

    pools: dict[str, list]

    def __call__(self, rng: random.Random) -> dict:
        return {key: rng.choice(values) for key, values in self.pools.items()}
