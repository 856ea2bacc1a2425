"""The real non-transactional migration (0021_concurrent_indexes) after an interruption:
an INVALID index left by a failed concurrent build is rebuilt, and the re-run converges to
exactly the catalog of an uninterrupted run."""

from __future__ import annotations

import psycopg
import pytest
from reliability_kit import REPO, rows

from toolkit import catalog, engine
from toolkit.db import Target, connect
from toolkit.project import Project


def snap(url: str) -> catalog.Snapshot:
    with connect(url) as conn:
        return catalog.snapshot(conn)


def test_a_failed_concurrent_build_is_rebuilt_by_the_rerun(empty_db, migrated_db):
    project = Project(REPO)
    engine.migrate(Target(empty_db, "test"), project, to="0020")
    with connect(empty_db) as conn:
        user = conn.execute("insert into auth.users (email) values ('a@x') returning id")
        uid = user.fetchone()[0]
        conn.execute(
            "insert into public.ai_jobs (user_id, job_type) values (%s, 'ai_generation'), "
            "(%s, 'ai_generation')",
            (uid, uid),
        )
        # what an interrupted 0021 can leave: the first index built, the second INVALID
        conn.execute(
            "create index concurrently recommendation_events_user_id_dismissed_idx "
            "on public.recommendation_events (user_id, mashup_id) where event_type = 'dismissed'"
        )
        with pytest.raises(psycopg.errors.UniqueViolation):
            conn.execute(
                "create unique index concurrently ai_jobs_user_id_job_type_created_at_idx "
                "on public.ai_jobs (user_id)"
            )
    invalid = "select indisvalid from pg_index where indexrelid = %s::regclass"
    assert rows(empty_db, invalid, ("public.ai_jobs_user_id_job_type_created_at_idx",)) == [
        (False,)
    ]

    engine.migrate(Target(empty_db, "test"), project)

    assert rows(empty_db, invalid, ("public.ai_jobs_user_id_job_type_created_at_idx",)) == [(True,)]
    with connect(empty_db) as conn:
        conn.execute("delete from public.ai_jobs")
        conn.execute("delete from auth.users")
    assert catalog.differences(snap(migrated_db), snap(empty_db)) == []
