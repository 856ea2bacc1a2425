"""Issue items 1 and 2: concurrent `mashdb migrate` processes, and no stale lock after SIGKILL."""

from __future__ import annotations

import signal
import time

from reliability_kit import (
    assert_slow_project_at_boundary,
    books,
    make_project,
    regclass_exists,
    rows,
    run,
    slow_project,
    spawn,
)

from toolkit.db import connect
from toolkit.locking import LOCK_KEY

PROCESSES = 8


def test_eight_concurrent_migrates_apply_everything_exactly_once(tmp_path, empty_db):
    project = slow_project(tmp_path, count=4)
    # The test holds the migration lock while the 8 processes start, and lets go only once
    # every one of them has tried to take it: all 8 then really run concurrently, however
    # slowly a loaded machine starts them, and every one of them has had to wait.
    with connect(empty_db) as holder:
        holder.execute("select pg_advisory_lock(%s)", (LOCK_KEY,))
        procs = [
            spawn(project.root, "migrate", "--database-url", empty_db) for _ in range(PROCESSES)
        ]
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and _trying(holder) < PROCESSES:
            time.sleep(0.05)
        assert _trying(holder) == PROCESSES
        time.sleep(1.0)  # a process says "waiting" right after its first refused attempt
        holder.execute("select pg_advisory_unlock(%s)", (LOCK_KEY,))
    results = [(p.wait(timeout=180), *p.communicate()) for p in procs]

    for code, out, err in results:
        assert code == 0, out + err
        assert "Traceback" not in out + err
    migrated = [out for _, out, _ in results if "migrated empty → 0004_step4" in out]
    waited = [err for _, _, err in results if "waiting for the migration lock" in err]
    up_to_date = [out for _, out, _ in results if "already up to date at 0004_step4" in out]
    assert len(migrated) == 1, [r[1] for r in results]
    assert len(up_to_date) == PROCESSES - 1
    assert len(waited) == PROCESSES, [r[2] for r in results]
    assert all("held by backend pid" in w for w in waited)

    b = assert_slow_project_at_boundary(empty_db)
    assert b.migrations == ("0001_step1", "0002_step2", "0003_step3", "0004_step4")
    assert b.repeatables == ("functions/t2.sql",)
    # each migration and the repeatable were applied exactly once
    assert rows(empty_db, "select count(*) from mashdb._yoyo_log")[0][0] == 4
    applied = rows(empty_db, "select count(*) from mashdb.repeatables")[0][0]
    assert applied == 1
    status = run(project.root, "status", "--json", "--database-url", empty_db)
    assert status.returncode == 0 and '"up_to_date": true' in status.stdout


def _lock_held(url: str) -> bool:
    return bool(
        rows(
            url,
            "select count(*) from pg_locks l join pg_database d on d.oid = l.database "
            "where d.datname = current_database() and l.locktype = 'advisory' "
            "and l.objid = %s and l.granted",
            (LOCK_KEY,),
        )[0][0]
    )


def test_sigkilled_migrate_leaves_no_lock_and_rerun_proceeds_at_once(tmp_path, empty_db):
    project = slow_project(tmp_path, count=3)
    proc = spawn(project.root, "migrate", "--database-url", empty_db)
    for _ in range(600):  # bounded: wait until it holds the lock (it is then migrating)
        if _lock_held(empty_db) or proc.poll() is not None:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "migrate finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    # PostgreSQL ends the session when its socket closes; a new migrate must not wait for a
    # lock row the dead process left behind (yoyo's yoyo_lock would have blocked here).
    again = run(project.root, "migrate", "--wait-timeout", "20", "--database-url", empty_db)
    assert again.returncode == 0, again.stdout + again.stderr
    assert_slow_project_at_boundary(empty_db)
    assert books(empty_db).migrations == ("0001_step1", "0002_step2", "0003_step3")
    assert not _lock_held(empty_db)
    yoyo_lock = "select to_regclass('mashdb.yoyo_lock'), to_regclass('public.yoyo_lock')"
    assert rows(empty_db, yoyo_lock)[0] == (None, None)


def test_sigkill_during_a_long_statement_does_not_keep_the_lock(tmp_path, empty_db):
    """A killed client's backend would keep running its statement (and so keep the lock and
    the statement's table locks) until the statement ends, unless the server checks the
    client socket: mashdb sets client_connection_check_interval on its session."""
    project = make_project(
        tmp_path,
        {
            "0001_long": (
                "-- a long statement\ncreate table public.long_a (id int);\n"
                "select pg_sleep(120);\n",
                "drop table public.long_a;\n",
            )
        },
    )
    proc = spawn(project.root, "migrate", "--database-url", empty_db)
    for _ in range(1500):  # bounded: until the backend sits in pg_sleep
        sleeping = rows(
            empty_db,
            "select count(*) from pg_stat_activity where datname = current_database() "
            "and query like '%%select pg_sleep(120)%%' and state = 'active' "
            "and pid <> pg_backend_pid()",
        )[0][0]
        if sleeping or proc.poll() is not None:
            break
        time.sleep(0.02)
    assert proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    # bounded poll, far shorter than the 120 s statement: the orphaned backend must be
    # cancelled by the server (its transaction rolled back, the lock released)
    for _ in range(300):
        if not _lock_held(empty_db):
            break
        time.sleep(0.05)
    assert not _lock_held(empty_db), "the killed migrate's backend still holds the lock"
    assert not regclass_exists(empty_db, "public.long_a")
    (project.migrations_dir / "0001_long.sql").write_text(
        "-- no longer long\ncreate table public.long_a (id int);\n"
    )
    again = run(project.root, "migrate", "--wait-timeout", "5", "--database-url", empty_db)
    assert again.returncode == 0, again.stdout + again.stderr
    assert regclass_exists(empty_db, "public.long_a")


def _trying(conn) -> int:
    """How many other mashdb sessions are asking for the migration lock (their last query)."""
    return conn.execute(
        "select count(*) from pg_stat_activity where datname = current_database() "
        "and pid <> pg_backend_pid() and application_name = 'mashdb' "
        "and (query like '%%pg_try_advisory_lock%%' or query like '%%pg_locks%%')"
    ).fetchone()[0]
