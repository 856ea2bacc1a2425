"""Issue items 8 and 9: production timeouts, and the rollback data-loss guard."""

from __future__ import annotations

import os
import pty
import subprocess

from reliability_kit import (
    books,
    child_env,
    make_project,
    mashdb_argv,
    regclass_exists,
    rows,
    run,
)

from toolkit.db import connect


def _project(tmp_path):
    return make_project(
        tmp_path,
        {
            "0001_songs": (
                "create table public.songs (id int primary key, title text);\n",
                "drop table public.songs;\n",
            ),
            "0002_genre": (
                "alter table public.songs add column genre text;\n"
                "create table public.tags (id int);\n",
                "drop table public.tags;\nalter table public.songs drop column genre;\n",
            ),
        },
    )


def test_lock_timeout_fails_fast_behind_a_long_transaction(tmp_path, empty_db, cli):
    project = _project(tmp_path)
    args = ("--project", str(project.root))
    assert cli(*args, "migrate", "--to", "0001", "--database-url", empty_db).exit_code == 0
    holder = connect(empty_db, autocommit=False)
    try:
        # a long read transaction: ALTER TABLE needs ACCESS EXCLUSIVE and must queue behind it
        holder.execute("select count(*) from public.songs").fetchone()
        result = cli(*args, "migrate", "--lock-timeout", "200ms", "--database-url", empty_db)
        assert result.exit_code == 1
        out = result.output
        assert "sql/migrations/0002_genre.sql:1: canceling statement due to lock timeout " \
            "(SQLSTATE 55P03)" in out
        assert "lock_timeout=200ms" in out and "--lock-timeout" in out
        # the reader was never blocked and the migration left nothing
        assert holder.execute("select count(*) from public.songs").fetchone()[0] == 0
    finally:
        holder.close()
    assert books(empty_db).migrations == ("0001_songs",)
    assert not regclass_exists(empty_db, "public.tags")
    ok = cli(*args, "migrate", "--database-url", empty_db)
    assert ok.exit_code == 0, ok.output


def test_statement_timeout_cancels_a_runaway_statement(tmp_path, empty_db, cli):
    project = make_project(
        tmp_path,
        {"0001_slow": ("create table public.s (id int);\nselect pg_sleep(30);\n",
                       "drop table public.s;\n")},
    )
    result = cli("--project", str(project.root), "migrate", "--statement-timeout", "300ms",
                 "--database-url", empty_db)
    assert result.exit_code == 1
    assert "sql/migrations/0001_slow.sql:2: canceling statement due to statement timeout " \
        "(SQLSTATE 57014)" in result.output
    assert "--statement-timeout" in result.output
    assert not regclass_exists(empty_db, "public.s")


def test_timeouts_have_production_defaults(tmp_path, cli):
    help_text = cli("migrate", "--help").output
    assert "--lock-timeout DURATION" in help_text and "[default: 5s]" in help_text
    assert "--statement-timeout DURATION" in help_text and "[default: 15min]" in help_text


def test_invalid_timeout_is_a_usage_error(tmp_path, empty_db, cli):
    project = _project(tmp_path)
    result = cli("--project", str(project.root), "migrate", "--lock-timeout", "soon",
                 "--database-url", empty_db)
    assert result.exit_code == 2
    assert "invalid --lock-timeout 'soon'" in result.output
    assert not regclass_exists(empty_db, "mashdb.repeatables")


def _with_rows(tmp_path, empty_db, cli):
    project = _project(tmp_path)
    assert cli("--project", str(project.root), "migrate", "--database-url", empty_db).exit_code == 0
    with connect(empty_db) as conn:
        conn.execute("insert into public.songs values (1, 'a', 'rock'), (2, 'b', null), "
                     "(3, 'c', 'pop')")
        conn.execute("insert into public.tags values (1)")
    return project


def test_rollback_dropping_rows_lists_them_and_refuses_without_yes(tmp_path, empty_db, cli):
    project = _with_rows(tmp_path, empty_db, cli)
    args = ("--project", str(project.root), "rollback")
    url = ("--database-url", empty_db)
    refused = cli(*args, *url)  # not a terminal: no prompt, refused
    assert refused.exit_code == 1
    assert "rollback refused: it would drop data" in refused.output
    assert "table public.tags: 1 row (0002_genre)" in refused.output
    assert "column public.songs.genre: 2 rows (0002_genre)" in refused.output
    assert "re-run with --yes" in refused.output
    assert books(empty_db).migrations == ("0001_songs", "0002_genre")
    assert regclass_exists(empty_db, "public.tags")

    dry = cli(*args, "--dry-run", *url)
    assert dry.exit_code == 0 and "drops table public.tags: 1 row" in dry.output
    assert regclass_exists(empty_db, "public.tags")

    everything = cli(*args, "--all", *url)
    assert everything.exit_code == 1 and "table public.songs: 3 rows (0001_songs)" in (
        everything.output
    )

    done = cli(*args, "--yes", *url)
    assert done.exit_code == 0, done.output
    assert not regclass_exists(empty_db, "public.tags")
    assert books(empty_db).migrations == ("0001_songs",)


def test_rollback_of_empty_tables_needs_no_confirmation(tmp_path, empty_db, cli):
    project = _project(tmp_path)
    args = ("--project", str(project.root))
    assert cli(*args, "migrate", "--database-url", empty_db).exit_code == 0
    result = cli(*args, "rollback", "--all", "--database-url", empty_db)
    assert result.exit_code == 0, result.output
    assert books(empty_db).migrations == ()


def _prompted(project, url: str, answer: bytes) -> tuple[int, str]:
    """Run `mashdb rollback` on a pseudo-terminal and answer its prompt."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        mashdb_argv(project.root, "rollback", "--database-url", url),
        stdin=follower, stdout=follower, stderr=follower, env=child_env(), close_fds=True,
    )
    os.close(follower)
    seen = b""
    answered = False
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
        if not answered and b"drop it?" in seen:
            os.write(leader, answer)
            answered = True
    os.close(leader)
    return proc.wait(timeout=60), seen.decode(errors="replace")


def test_rollback_prompt_on_a_terminal(tmp_path, empty_db, cli):
    project = _with_rows(tmp_path, empty_db, cli)
    code, text = _prompted(project, empty_db, b"n\n")
    assert code == 1, text
    assert "this rollback drops data" in text and "table public.tags: 1 row" in text
    assert regclass_exists(empty_db, "public.tags")
    code, text = _prompted(project, empty_db, b"y\n")
    assert code == 0, text
    assert not regclass_exists(empty_db, "public.tags")
    assert rows(empty_db, "select count(*) from public.songs") == [(3,)]


def test_rollback_with_yes_from_a_subprocess(tmp_path, empty_db, cli):
    project = _with_rows(tmp_path, empty_db, cli)
    done = run(project.root, "rollback", "--yes", "--database-url", empty_db)
    assert done.returncode == 0, done.stderr
