"""10. Seed load: sql/seed.sql through `mashdb reset`'s loader vs one psql session.

Each round loads the seed into a fresh clone of a migrated template twice, interleaved:
once through `toolkit.reset.load_seed` (one transaction, statement by statement, as
`mashdb reset` does) and once with `psql -1 -f sql/seed.sql` (the same SQL, one
transaction). The target is on the loader's own time: a front-end developer's reset
should not wait on the seed (< 3 s).
"""

from __future__ import annotations

import os
import subprocess

from bench.common import PROJECT, Result, median, pg_bin, server, timed
from toolkit import db, reset
from toolkit.db import Target
from toolkit.sqlfile import read_sql_file

TARGET_SECONDS = 3.0


def run(scale: str) -> Result:
    rounds = 5 if scale == "quick" else 9
    res = Result("seed", "10. Seed load (sql/seed.sql)", {"rounds": rounds})
    seed_path = reset.seed_path(PROJECT)
    seed_file = read_sql_file(seed_path, "sql/seed.sql")
    mashdb_s: list[float] = []
    psql_s: list[float] = []
    with server() as srv:
        for _ in range(rounds):
            url = srv.migrated_db()
            mashdb_s.append(timed(lambda url=url: reset.load_seed(Target(url, "bench"), seed_file)))
            url = srv.migrated_db()
            psql = [str(pg_bin() / "psql"), "-X", "-q", "-1", "-v", "ON_ERROR_STOP=1"]
            cmd = [*psql, "-f", str(seed_path), "-o", os.devnull, f"--dbname={url}"]
            psql_s.append(timed(lambda cmd=cmd: subprocess.run(cmd, check=True)))
        with db.connect(url) as conn:
            events = conn.execute("select count(*) from public.analytics_events").fetchone()[0]
        res.memory = srv.memory()
    value, base = median(mashdb_s), median(psql_s)
    res.row(
        "seed load through mashdb reset's loader, median",
        round(value * 1000, 1),
        "ms",
        baseline="psql -1 -f sql/seed.sql",
        baseline_value=round(base * 1000, 1),
        ratio=value / base,
        target=f"< {TARGET_SECONDS:g} s",
        passed=value < TARGET_SECONDS,
        runs=rounds,
    )
    res.details["statements in the seed"] = len(seed_file.statements)
    res.details["analytics events loaded"] = events
    res.details["load average at the end"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return res
