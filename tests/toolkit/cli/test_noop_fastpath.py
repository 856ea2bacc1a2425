"""The no-op fast path of `status` and `migrate` (toolkit/noop.py) prints exactly what the
full command line prints, and serves nothing else.

Each comparison runs `mashdb` twice as a real process on the same database: as users run
it (the fast path may serve) and with MASHDB_FULL_PATH=1 (the full path only), and
compares stdout, stderr and the exit code byte for byte. Whether the fast path served is
asked of toolkit.noop.run itself: it returns the exit code when it served, None when the
full path must run (and then it has printed nothing and changed nothing).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, exists, query

from toolkit import engine, noop, render
from toolkit.db import Target, connect
from toolkit.project import Project

HEAVY = ("psycopg", "click", "rich", "pglast", "yoyo", "toolkit.engine", "toolkit.cli")
EXTRA = (
    "-- A table only this test's copy of the project has.\n"
    "create table public.noop_probe (id bigint primary key);\n"
)


def mashdb(project: Path, *args: str, full: bool = False) -> tuple[int, str, str]:
    """`mashdb --project P ARGS` as a process: exit code, stdout, stderr."""
    env = {k: v for k, v in os.environ.items() if k != noop.FULL_PATH_ENV}
    if full:
        env[noop.FULL_PATH_ENV] = "1"
    done = subprocess.run(
        [sys.executable, "-m", "toolkit", "--project", str(project), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    return done.returncode, done.stdout, done.stderr


def same_as_full_path(project: Path, *args: str) -> tuple[int, str, str]:
    """Run `args` both ways and assert the outputs are identical; return them."""
    served = mashdb(project, *args)
    full = mashdb(project, *args, full=True)
    assert served == full
    return served


def served(project: Path, url: str, *args: str, capfd: pytest.CaptureFixture[str]) -> int | None:
    """What toolkit.noop.run returns for `--project P ARGS --database-url URL` (in-process)."""
    env = {k: v for k, v in os.environ.items() if k not in (noop.FULL_PATH_ENV, "DATABASE_URL")}
    code = noop.run(["--project", str(project), *args, "--database-url", url], env)
    if code is None:
        assert capfd.readouterr().out == ""  # falling through prints nothing
    return code


def copy_project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "sql", tmp_path / "sql")
    return tmp_path


def add_migration(root: Path) -> None:
    folder = root / "sql" / "migrations"
    number = max(int(p.name[:4]) for p in folder.glob("*.sql")) + 1
    (folder / f"{number:04d}_noop_probe.sql").write_text(EXTRA)
    (folder / f"{number:04d}_noop_probe.rollback.sql").write_text(
        "-- Undoes the probe table.\ndrop table public.noop_probe;\n"
    )


@pytest.mark.parametrize(
    "args",
    [("status",), ("status", "--json"), ("migrate",)],
    ids=["status", "status-json", "migrate"],
)
def test_at_head_the_fast_path_serves_what_the_full_path_prints(migrated_db, args, capfd):
    code, out, err = same_as_full_path(REPO, *args, "--database-url", migrated_db)
    assert code == 0 and err == ""
    assert served(REPO, migrated_db, *args, capfd=capfd) == 0
    assert capfd.readouterr().out == out


def test_migrate_json_at_head_matches_but_for_the_lock_wait(migrated_db, capfd):
    """`waited_seconds` is measured on each run (a fraction of a millisecond, rounded to 3
    places); everything else of the JSON is identical."""
    code, out, err = mashdb(REPO, "migrate", "--json", "--database-url", migrated_db)
    full = mashdb(REPO, "migrate", "--json", "--database-url", migrated_db, full=True)
    assert (code, err) == (full[0], full[2]) == (0, "")
    fast_json, full_json = json.loads(out), json.loads(full[1])
    assert fast_json.pop("waited_seconds") >= 0 and full_json.pop("waited_seconds") >= 0
    assert fast_json == full_json and fast_json["steps"] == []
    assert served(REPO, migrated_db, "migrate", "--json", capfd=capfd) == 0


def test_a_noop_migrate_still_runs_the_bookkeeping_upgrade(migrated_db, capfd):
    """The fast migrate runs bookkeeping.sql as ensure_bookkeeping does: a revoked-then-
    granted schema privilege is revoked again, as the full path would."""
    query(migrated_db, "grant usage on schema mashdb to public")
    assert served(REPO, migrated_db, "migrate", capfd=capfd) == 0
    granted = query(migrated_db, "select has_schema_privilege('public', 'mashdb', 'usage')")
    assert granted == [(False,)]


def test_an_edited_applied_migration_falls_through(migrated_db, tmp_path, capfd):
    root = copy_project(tmp_path)
    folder = root / "sql" / "migrations"
    (first,) = [p for p in folder.glob("0001_*.sql") if ".rollback" not in p.name]
    first.write_text(first.read_text() + "\n-- edited after it was applied\n")
    for args in (("status",), ("status", "--json"), ("migrate",), ("migrate", "--json")):
        assert served(root, migrated_db, *args, capfd=capfd) is None
        code, out, err = same_as_full_path(root, *args, "--database-url", migrated_db)
        assert code != 0 or "drift" in out


def test_behind_falls_through_and_applies_nothing(migrated_db, tmp_path, capfd):
    root = copy_project(tmp_path)
    add_migration(root)
    for args in (("status",), ("status", "--json"), ("migrate",), ("migrate", "--json")):
        assert served(root, migrated_db, *args, capfd=capfd) is None
    assert not exists(migrated_db, "public.noop_probe")  # the fast path changed nothing
    for args in (("status",), ("status", "--json")):
        code, out, _ = same_as_full_path(root, *args, "--database-url", migrated_db)
        assert code == 0 and "noop_probe" in out


def test_ahead_falls_through(migrated_db, tmp_path, capfd):
    """The database has a migration this project's files do not (applied from a branch)."""
    root = copy_project(tmp_path)
    add_migration(root)
    engine.migrate(Target(migrated_db, "--database-url"), Project(root), skip_preflight=True)
    for args in (("status",), ("status", "--json"), ("migrate",), ("migrate", "--json")):
        assert served(REPO, migrated_db, *args, capfd=capfd) is None
        same_as_full_path(REPO, *args, "--database-url", migrated_db)


def test_empty_falls_through_and_creates_nothing(empty_db, capfd):
    for args in (("status",), ("status", "--json"), ("migrate",), ("migrate", "--json")):
        assert served(REPO, empty_db, *args, capfd=capfd) is None
    assert query(empty_db, "select to_regnamespace('mashdb') is null") == [(True,)]
    for args in (("status",), ("status", "--json")):
        code, out, _ = same_as_full_path(REPO, *args, "--database-url", empty_db)
        assert code == 0 and "0001_profiles" in out


def test_unreachable_falls_through_with_the_full_paths_error(tmp_path, capfd):
    url = f"user=postgres dbname=postgres host={tmp_path} port=5999"
    for args in (("status",), ("status", "--json"), ("migrate",), ("migrate", "--json")):
        assert served(REPO, url, *args, capfd=capfd) is None
        code, out, err = same_as_full_path(REPO, *args, "--database-url", url)
        assert code == 1 and out == "" and "cannot connect" in err


def test_a_held_lock_and_a_supabase_history_fall_through_for_migrate(migrated_db, capfd):
    """Guards the fast migrate evaluates: another run holding the migration lock (the full
    path waits and says so), a Supabase history (the full path checks it for unadopted
    migrations). A read-only status needs neither and is still served."""
    from toolkit import locking

    with connect(migrated_db) as holder:
        holder.execute("select pg_advisory_lock(%s)", (locking.LOCK_KEY,))
        assert served(REPO, migrated_db, "migrate", capfd=capfd) is None
        assert served(REPO, migrated_db, "status", capfd=capfd) == 0
    capfd.readouterr()
    query(
        migrated_db,
        "create schema supabase_migrations; create table supabase_migrations.schema_migrations"
        " (version text primary key, name text, statements text[])",
    )
    assert served(REPO, migrated_db, "migrate", capfd=capfd) is None
    assert served(REPO, migrated_db, "status", capfd=capfd) == 0
    capfd.readouterr()
    code, out, _ = same_as_full_path(REPO, "migrate", "--database-url", migrated_db)
    assert code == 0 and "already up to date" in out


def test_served_without_the_heavy_libraries(migrated_db):
    """Structural, not timed: a served no-op imports no driver, no click, no rich (output
    to a pipe), no parser, no engine (the timings are bench/b_startup.py's)."""
    probe = (
        "import sys\nfrom toolkit import noop\n"
        f"code = noop.run(['--project', {str(REPO)!r}, 'ARG', '--database-url', {migrated_db!r}])\n"
        f"print(code, [m for m in {list(HEAVY)!r} if m in sys.modules])\n"
    )
    for command in ("status", "migrate"):
        env = {k: v for k, v in os.environ.items() if k != noop.FULL_PATH_ENV}
        done = subprocess.run(
            [sys.executable, "-c", probe.replace("ARG", command)],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
        assert done.stdout.splitlines()[-1] == "0 []", done.stdout + done.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["status", "--verbose"],
        ["migrate", "--dry-run"],
        ["migrate", "--to", "0003"],
        ["--help"],
        ["status", "--help"],
        ["rollback"],
        ["status", "--json", "--json"],
        ["--project"],
        ["--database-url", "x", "status", "--database-url", "y"],
        ["status", "--project", "p"],
    ],
)
def test_only_the_plain_command_lines_are_candidates(argv):
    assert noop.parse(argv) is None


def test_the_plain_command_lines_are_read_as_click_reads_them():
    assert noop.parse(["--project=p", "migrate", "--json", "--database-url", "u"]) == (
        noop.Invocation("migrate", True, "u", Path("p"))
    )
    assert noop.parse(["--database-url", "u", "status"]) == (
        noop.Invocation("status", False, "u", None)
    )


@pytest.mark.parametrize(
    "url",
    [
        "host=db.x.pooler.supabase.com port=6543 user=u dbname=d",
        "postgresql://u@db.x.pooler.supabase.com:5432/d",
        "postgresql://u@h1,h2/d",
        "postgresql://u@h/d?application_name=x",
        "postgresql://u@h:99999/d",
        "host=h options='-c x=y'",
        "mysql://u@h/d",
    ],
)
def test_urls_the_full_path_checks_itself_fall_through(url, capfd):
    assert served(REPO, url, "status", capfd=capfd) is None


def test_the_fast_path_uses_the_psql_mashdb_psql_runs():
    from toolkit import pgtools, psql_session

    assert psql_session.psql_path() == pgtools.find_tool("psql")


def test_the_fast_migrate_uses_the_commands_default_session_options():
    from toolkit.commands.migrate import migrate
    from toolkit.results import Options

    defaults = {p.name: p.default for p in migrate.params}
    options = Options()
    assert (defaults["lock_timeout"], defaults["statement_timeout"]) == (
        options.lock_timeout,
        options.statement_timeout,
    )


@pytest.mark.parametrize(
    "conninfo",
    [
        "user=postgres dbname=foo host=/tmp/x",
        "host=/tmp/x  user=a password=secret dbname=d",
        "dbname = x port=5433 sslmode=disable",
    ],
)
def test_a_simple_conninfo_is_masked_as_libpq_reads_it(conninfo):
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    from toolkit.target import mask_password

    params = conninfo_to_dict(conninfo)
    if "password" in params:
        params["password"] = "***"
    assert mask_password(conninfo) == make_conninfo(**params)


def test_plain_text_is_what_rich_prints_without_colour():
    import io

    from rich.console import Console

    parts: list[str | render.Grid] = [
        "target     x  [dim](--database-url)[/dim]",
        "",
        render.Grid("a title", ("one", "two"), (("a", "[green]applied[/green]"), ("bbbbbb", ""))),
        "[yellow]changes pending: run mashdb migrate[/yellow]",
        "at 13:37:50, postgresql://u:***@h:5432/d",
    ]
    console = Console(file=io.StringIO(), highlight=False, soft_wrap=True, width=160)
    for part in render.to_rich(parts):
        console.print(part)
    assert render.plain_text(parts, 160) == console.file.getvalue()


@pytest.mark.parametrize(
    "part",
    [
        "a [link] in the data",
        "an emoji code :smile: in the data",
        "non-ASCII: café",
        render.Grid("wide", ("c",), (("x" * 200,),)),
    ],
)
def test_plain_text_leaves_to_rich_what_it_cannot_promise(part):
    assert render.plain_text([part], 160) is None


def test_plain_text_knows_richs_emoji_codes():
    from rich._emoji_codes import EMOJI
    from rich._emoji_replace import _emoji_replace

    assert all(render.EMOJI_CHARS.fullmatch(name) for name in EMOJI if name.isascii())
    assert {name for name in EMOJI if name.isdigit()} == render.DIGIT_EMOJI
    pattern = _emoji_replace.__defaults__[-1].__self__.pattern
    assert pattern == render.EMOJI_CODE.pattern


@pytest.mark.parametrize(
    ("url", "given"),
    [
        (
            "postgresql://u:p%40ss@h:5432/d?sslmode=disable",
            ("postgresql://u@h:5432/d?sslmode=disable", "p@ss"),
        ),
        ("user=u password=x host=/tmp dbname=d", ("user=u dbname=d host=/tmp", "x")),
        ("postgres://u@h/d", ("postgres://u@h/d", None)),
    ],
)
def test_psql_gets_the_password_in_its_environment_not_its_command_line(url, given):
    assert noop.psql_target(url) == given


def test_a_url_with_a_password_is_served(migrated_db, capfd):
    """The test server trusts local connections, so the password is not checked; what is
    proven is that the URL psql is given works and the output names the masked target."""
    params = dict(pair.split("=", 1) for pair in migrated_db.split())
    url = f"{migrated_db} password=secret"
    assert served(REPO, url, "migrate", capfd=capfd) == 0
    out = capfd.readouterr().out
    assert "password=***" in out and "secret" not in out and params["dbname"] in out
    assert same_as_full_path(REPO, "migrate", "--database-url", url)[1] == out


def test_help_does_not_even_import_the_fast_path():
    probe = (
        "import sys\nsys.argv = ['mashdb', '--help']\nfrom toolkit.launch import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('toolkit.noop' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert "Usage" in done.stdout and done.stderr.splitlines()[-1] == "False", done.stderr
