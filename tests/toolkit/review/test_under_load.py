"""Migrations under load: a migration that holds ACCESS EXCLUSIVE while the app reads and
writes is a dangerous finding naming its file:line and lock; harmless ones are not.
Real PostgreSQL, a few rows; no timing assertion (the dangerous migration sleeps 1 s holding
the lock, far past the 200 ms threshold; the harmless ones never block the workload)."""

from __future__ import annotations

import random
from pathlib import Path

from toolkit import db
from toolkit.review.under_load import WorkloadQuery, run_under_load

WORKLOAD = [
    WorkloadQuery("feed read", "select id, title from public.mashups"
                  " order by created_at desc limit 20"),
    WorkloadQuery("title write", "update public.mashups set title = title"
                  " where id = (select id from public.mashups limit 1)", writes=True),
]


def _seed(url: str) -> None:
    with db.connect(url) as conn:
        conn.execute("insert into auth.users (id, email) values (gen_random_uuid(), 'u@t.test')")
        conn.execute(
            "insert into public.mashups (creator_id, title, status, visibility)"
            " select p.id, 'm' || g, 'published', 'public'"
            " from public.profiles as p cross join generate_series(1, 50) as g"
        )


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_access_exclusive_held_under_load_is_dangerous(migrated_db: str, tmp_path: Path) -> None:
    _seed(migrated_db)
    path = _file(tmp_path, "9001_lock.sql",
                 "-- takes the lock, then holds it\n"
                 "select 1;\n"
                 "lock table public.mashups in access exclusive mode;\n"
                 "select pg_sleep(1);\n")
    got = run_under_load(migrated_db, path, WORKLOAD, warmup=0.2, tail=0.2)
    assert [f.location for f in got.findings] == ["9001_lock.sql:3"]
    finding = got.findings[0]
    assert finding.severity == "dangerous"
    assert "AccessExclusiveLock" in finding.detail
    assert "reads and writes" in finding.title and "mashups" in finding.title
    lock_stmt = got.statements[1]
    assert ("mashups", "AccessExclusiveLock") in lock_stmt.locks
    assert got.statements[0].locks == set()
    assert got.max_wait["feed read"] > 0.2 and got.max_wait["title write"] > 0.2


def test_concurrent_index_and_not_valid_check_are_not_dangerous(
    migrated_db: str, tmp_path: Path
) -> None:
    _seed(migrated_db)
    cic = _file(tmp_path, "9002_index.sql",
                "-- transactional: false\n"
                "create index concurrently mashups_title_ul_idx on public.mashups (title);\n")
    got = run_under_load(migrated_db, cic, WORKLOAD, warmup=0.2, tail=0.2)
    assert got.findings == []
    assert got.executed["feed read"] > 0 and got.executed["title write"] > 0
    assert [s.location for s in got.statements] == ["9002_index.sql:2"]
    with db.connect(migrated_db) as conn:  # it ran outside a transaction, and it ran
        assert conn.execute("select to_regclass('public.mashups_title_ul_idx') is not null"
                            ).fetchone()[0]

    not_valid = _file(tmp_path, "9003_check.sql",
                      "alter table public.mashups add constraint mashups_title_ul_check"
                      " check (length(title) < 1000) not valid;\n")
    got = run_under_load(migrated_db, not_valid, WORKLOAD, warmup=0.2, tail=0.2)
    assert got.findings == []
    assert ("mashups", "AccessExclusiveLock") in got.statements[0].locks


def test_workload_params_are_drawn_per_execution(migrated_db: str, tmp_path: Path) -> None:
    _seed(migrated_db)
    seen: list[int] = []

    def params(rng: random.Random) -> dict:
        seen.append(rng.randrange(1000))
        return {"n": seen[-1]}

    path = _file(tmp_path, "9004_noop.sql", "select 1;\n")
    got = run_under_load(migrated_db, path, [WorkloadQuery("n", "select %(n)s::int", params)],
                         warmup=0.1, tail=0.1)
    assert got.findings == [] and got.executed["n"] == len(seen) > 1
    assert len(set(seen)) > 1
