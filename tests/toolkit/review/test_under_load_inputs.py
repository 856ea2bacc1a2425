"""The inputs of `mashdb review --under-load`: the workload file is checked before anything
is built (one clear line for each mistake), the options need --under-load, and the row
generator fills every table of this project's schema with rows its constraints accept."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import REPO

from toolkit import db
from toolkit.errors import ConfigError
from toolkit.review.rowgen import generate_rows
from toolkit.review.workload import DEFAULT_PATH, load

GOOD = """\
setup = ["select 1"]

[[query]]
name = "read"
sql = "select 1"

[[query]]
name = "write"
sql = "insert into t values (%(v)s)"
[query.pick]
v = "select 1"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "workload.toml"
    path.write_text(text)
    return path


def test_a_good_workload_file_is_read() -> None:
    workload = load(REPO / DEFAULT_PATH, "project's")
    assert [q.name for q in workload.queries] == [
        "feed read", "like insert", "play log", "voice room read", "voice room opened"
    ]
    writes = {q.name: q.writes for q in workload.queries}
    assert writes == {"feed read": False, "like insert": True, "play log": True,
                      "voice room read": False, "voice room opened": True}


def test_writes_is_inferred_unless_given(tmp_path: Path) -> None:
    workload = load(write(tmp_path, GOOD), "w.toml")
    assert [(q.name, q.writes, q.picks) for q in workload.queries] == [
        ("read", False, {}), ("write", True, {"v": "select 1"})
    ]
    assert workload.setup == ("select 1",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "expected one or more [[query]] tables"),
        ("[[query]]\nname = 'a'\n", "name and sql must be non-empty strings"),
        ("[[query]]\nname = 'a'\nsql = 'select 1'\ntimeout = 3\n", "keys are name, sql"),
        ("[[query]]\nname = 'a'\nsql = 'select 1'\nwrites = 'yes'\n", "writes must be true"),
        ("[[query]]\nname = 'a'\nsql = 'select 1'\n[query.pick]\nv = 1\n", "pick maps"),
        ("[[query]]\nname = 'a'\nsql = 'select 1'\n[[query]]\nname = 'a'\nsql = 'select 2'\n",
         "two queries have the same name"),
        ("setup = 'select 1'\n[[query]]\nname = 'a'\nsql = 'select 1'\n", "setup must be a list"),
        ("[[query]\n", "invalid TOML"),
    ],
)
def test_a_bad_workload_file_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("[", r"\[")):
        load(write(tmp_path, text), "w.toml")


def test_a_missing_workload_file_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no workload file w.toml: .*--workload FILE"):
        load(tmp_path / "absent.toml", "w.toml")


def test_load_options_need_under_load(cli) -> None:
    result = cli("review", "--rows", "10")
    assert result.exit_code == 2
    assert "--rows, --threshold-ms and --workload need --under-load" in result.output


def test_every_table_of_this_schema_gets_valid_rows(migrated_db: str) -> None:
    with db.connect(migrated_db) as conn:
        tables = generate_rows(conn, 300, ["public"])
        names = {t.name for t in tables}
        expected = {r[0] for r in conn.execute(
            "select format('%I.%I', schemaname, tablename) from pg_catalog.pg_tables"
            " where schemaname = 'public'")}
        assert expected <= names and "auth.users" in names
        assert all(t.rows > 0 for t in tables), [(t.name, t.note) for t in tables if not t.rows]
        full = [t.name for t in tables if t.rows >= 300]
        assert len(full) >= len(tables) - 6, [(t.name, t.rows, t.note) for t in tables]
        # loaded with triggers and foreign-key checks off: every key must still resolve
        for table in ("public.mashups", "public.mashup_likes", "public.profiles"):
            assert conn.execute(f"select count(*) from {table}").fetchone()[0] >= 300
        orphans = conn.execute(
            "select count(*) from public.mashup_likes as l"
            " left join public.mashups as m on l.mashup_id = m.id where m.id is null"
        ).fetchone()[0]
        assert orphans == 0
        assert conn.execute("show session_replication_role").fetchone()[0] == "origin"
