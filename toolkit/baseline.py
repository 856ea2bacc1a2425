"""`mashdb baseline`: adopt a database whose migrations were applied by another tool.

Marking a migration applied without running it is only safe when what it creates is
really there. What each migration creates is derived from the migration files themselves:
they are applied, one at a time, to a throwaway database on a scratch server (the project's
embedded PostgreSQL unless told otherwise), and the catalog snapshot after each is diffed
with the one before (toolkit/catalog.py). The target's catalog must then hold every object
the migrations being adopted create — tables (with their RLS flags), columns (type and
nullability), constraints, indexes, functions, triggers, policies, extensions — and give
the API roles exactly the privileges on them that the migrations give. Anything missing
or different is listed and nothing is marked.

`--from-supabase` picks the migrations from the Supabase CLI's history
(toolkit/supabase_history.py) and remembers which history version each one was, so a later
rollback removes the right history row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import psycopg

from toolkit import bookkeeping, catalog, db, embedded, security, supabase_history, testdb
from toolkit.catalog import Entry, Snapshot
from toolkit.db import Target, connect
from toolkit.errors import BaselineRefused, MigrationFailed, UsageError
from toolkit.files import ProjectFiles, load_files
from toolkit.migrations import Migration, find_version
from toolkit.project import Project
from toolkit.runner import run_file
from toolkit.session import Listener, Options, ensure_bookkeeping, locked_session
from toolkit.state import read_state

CHECKED: dict[str, tuple[str, ...]] = {
    "extensions": (),
    "tables": ("kind", "rls_enabled", "rls_forced"),
    "columns": ("data_type", "not_null"),
    "constraints": ("kind", "definition"),
    "indexes": (),
    "functions": (),
    "triggers": (),
    "policies": (),
}
"""The catalog kinds a migration's objects are checked in, and the attributes that must
agree (presence alone for the rest: an index's or function's text differs across server
versions and formatting without meaning another object)."""

_GRANTABLE = ("tables", "columns", "functions")  # kinds whose objects carry grants
_SHOWN = 40  # problems listed in a refusal; the rest are counted


@dataclass(frozen=True)
class Created:
    """An object a migration creates, as the scratch database's catalog has it at the
    adopted version."""

    migration: str
    kind: str
    entry: Entry


@dataclass(frozen=True)
class Problem:
    """A difference between what a migration creates and what the target holds."""

    migration: str
    kind: str
    key: str
    what: str

    @property
    def line(self) -> str:
        kind = {"indexes": "index", "policies": "policy"}.get(self.kind, self.kind[:-1])
        return f"{self.migration}: {kind} {self.key} {self.what}"


@dataclass(frozen=True)
class BaselineResult:
    """What `mashdb baseline` marked (or, with dry_run, would mark)."""

    target: str
    dry_run: bool
    applied_by: str  # baseline | supabase
    marked: tuple[str, ...]
    already_applied: tuple[str, ...]
    matched: tuple[tuple[str, str], ...]  # (Supabase history row, migration id)
    unmatched: tuple[str, ...]  # Supabase history rows no migration matches
    checked: int  # catalog objects verified on the target


def baseline(
    target: Target,
    project: Project,
    *,
    to: str | None = None,
    from_supabase: bool = False,
    scratch_url: str | None = None,
    dry_run: bool = False,
    options: Options | None = None,
    listener: Listener | None = None,
) -> BaselineResult:
    """Mark migrations up to `to` (or those the Supabase history records) as applied
    without running them, after checking that the catalog holds what they create.

    `scratch_url` is a server on which a throwaway database may be created to derive what
    the migrations create (default: the project's embedded server). Raises BaselineRefused,
    listing every difference, when the catalog does not match; nothing is changed then.
    """
    if (to is None) == (not from_supabase):
        raise UsageError("give one of --to VERSION or --from-supabase")
    options = options or Options()
    files = load_files(project)
    with locked_session(target, options, listener or Listener(), create=False) as session:
        conn = session.conn
        state = read_state(conn)
        history = supabase_history.read(conn) if state.has_supabase_history else ()
        matching = supabase_history.match(files.migrations, history)
        stop = _stop(files.migrations, matching, to, from_supabase, state.has_supabase_history)
        upto = [m for m in files.migrations if m.number <= stop.number]
        chosen = [m for m in upto if m.id not in state.migrations]
        if from_supabase:
            _check_recorded(chosen, matching)
        checked = 0
        if chosen:
            scratch = scratch_url or embedded.start(project.state_dir / "pgdata")
            created = derive(files, stop, scratch)
            api = security.load(project.root).api_grantees()
            expected = [c for c in created if c.migration in {m.id for m in chosen}]
            problems = check(expected, created, catalog.snapshot(conn), api)
            if problems:
                raise BaselineRefused(_refusal(stop, problems))
            checked = len(expected)
        how = "supabase" if from_supabase else "baseline"
        if chosen and not dry_run:
            ensure_bookkeeping(conn)
            history_on = supabase_history.enabled(state, project, options.supabase_history)
            with conn.transaction():
                for m in chosen:
                    bookkeeping.record_applied(
                        conn,
                        m,
                        history=history_on,
                        applied_by=how,
                        source_version=matching.version_of(m.id),
                    )
    return BaselineResult(
        target=target.display,
        dry_run=dry_run,
        applied_by=how,
        marked=tuple(m.id for m in chosen),
        already_applied=tuple(m.id for m in upto if m.id in state.migrations),
        matched=tuple((row.label, m.id) for row, m in matching.matched),
        unmatched=tuple(row.label for row in matching.unmatched),
        checked=checked,
    )


def _stop(
    migrations: Sequence[Migration],
    matching: supabase_history.Matching,
    to: str | None,
    from_supabase: bool,
    has_history: bool,
) -> Migration:
    if to is not None:
        return find_version(migrations, to)
    if not has_history:
        raise UsageError(
            f"--from-supabase: this database has no {supabase_history.TABLE} "
            "(use --to VERSION to adopt it)"
        )
    if not matching.matched:
        rows = ", ".join(matching.unmatched[:5]) or "none"
        raise UsageError(
            f"--from-supabase: no row of {supabase_history.TABLE} matches a migration of this "
            f"project by number and name (rows: {rows})"
        )
    return max((m for _, m in matching.matched), key=lambda m: m.number)


def _check_recorded(chosen: Iterable[Migration], matching: supabase_history.Matching) -> None:
    missing = [m.id for m in chosen if matching.version_of(m.id) is None]
    if missing:
        raise UsageError(
            f"--from-supabase: {', '.join(missing)} not in {supabase_history.TABLE} although a "
            "later migration is; nothing was changed (if their objects are there, adopt with "
            "--to VERSION)"
        )


def derive(files: ProjectFiles, stop: Migration, scratch_url: str) -> list[Created]:
    """What each migration up to `stop` creates: applied one by one to a throwaway database
    on `scratch_url`'s server (the bootstrap first where auth.uid() is missing), each
    object attributed to the migration that last added it, as it stands after `stop`."""
    name = testdb.unique_name("mashdb_baseline")
    try:
        url = db.create_database(scratch_url, name)
    except psycopg.Error as exc:
        raise MigrationFailed(
            f"cannot create a scratch database on {db.mask_password(scratch_url)} to derive "
            f"what the migrations create: {exc.diag.message_primary or exc} (SQLSTATE "
            f"{exc.sqlstate}); give --scratch-url URL of a server where this is allowed"
        ) from exc
    try:
        with connect(url) as conn:
            if not conn.execute("select to_regprocedure('auth.uid()') is not null").fetchone()[0]:
                with conn.transaction():
                    for sql_file in files.bootstrap:
                        run_file(conn, sql_file, settings={})
            before = catalog.snapshot(conn)
            creator: dict[tuple[str, str], str] = {}
            for m in files.migrations:
                if m.number > stop.number:
                    break
                if m.transactional:
                    with conn.transaction():
                        run_file(conn, m.apply, settings={})
                else:
                    run_file(conn, m.apply, settings={})
                after = catalog.snapshot(conn)
                for change in catalog.differences(before, after):
                    if change.change == "added":
                        creator[(change.kind, change.key)] = m.id
                before = after
    finally:
        db.drop_database(scratch_url, name)
    return [
        Created(mid, kind, before.kind(kind)[key])
        for (kind, key), mid in creator.items()
        if key in before.kind(kind) and (kind in CHECKED or kind == "grants")
    ]


def check(
    expected: Sequence[Created],
    created: Sequence[Created],
    actual: Snapshot,
    api_grantees: Sequence[str],
) -> list[Problem]:
    """Every difference between the `expected` objects and the target's snapshot `actual`;
    API-role grants are compared on the objects `expected` creates, both ways (a privilege
    the migrations do not give is a problem too: adopting it would hide it)."""
    problems: list[Problem] = []
    owners: dict[str, str] = {}
    for item in expected:
        if item.kind == "grants":
            continue
        if item.kind in _GRANTABLE:
            owners[item.entry.key] = item.migration
        if item.kind == "constraints" and item.entry.get("kind") == "n":
            continue  # NOT NULL as a constraint (PostgreSQL 18) is checked as a column's
        found = actual.kind(item.kind).get(item.entry.key)
        if found is None:
            problems.append(Problem(item.migration, item.kind, item.entry.key, "is missing"))
            continue
        for attr in CHECKED[item.kind]:
            want, have = item.entry.get(attr), found.get(attr)
            if want != have:
                problems.append(
                    Problem(
                        item.migration,
                        item.kind,
                        item.entry.key,
                        f"differs: {attr} is {have!r}, the migration makes {want!r}",
                    )
                )
    want_grants = {c.entry.key for c in created if c.kind == "grants"}
    have_grants = set(actual.kind("grants"))
    for key in sorted(want_grants ^ have_grants):
        obj, grantee = _grant_object(key)
        if obj not in owners or grantee not in api_grantees:
            continue
        what = "is missing" if key in want_grants else "is granted, the migrations do not grant it"
        problems.append(Problem(owners[obj], "grants", key, what))
    return problems


def _grant_object(key: str) -> tuple[str, str]:
    """(object key, grantee) of a grant key `kind:object:grantee:privilege`."""
    head, grantee, _privilege = key.rsplit(":", 2)
    return head.split(":", 1)[1], grantee


def _refusal(stop: Migration, problems: Sequence[Problem]) -> str:
    lines = [f"  - {p.line}" for p in problems[:_SHOWN]]
    if len(problems) > _SHOWN:
        lines.append(f"  … and {len(problems) - _SHOWN} more")
    return (
        f"baseline refused: the database does not hold what the migrations up to {stop.id} "
        f"create ({len(problems)} difference(s)); nothing was changed\n" + "\n".join(lines)
    )
