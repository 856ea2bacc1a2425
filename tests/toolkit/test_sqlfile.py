"""The one SQL-file model (toolkit/sqlfile.py) and its statement cache (toolkit/sqlcache.py).

Parser facts only, no server: lines, directives, parse errors as data, what a statement
defines; and that the cache is really consulted, survives corruption and concurrent writers,
and spares a run over unchanged files the parser import.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from toolkit import sqlcache
from toolkit.errors import ProjectError
from toolkit.sqlfile import Defines, parse_text, read_sql_file, split_statements

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MASHDB_CACHE_DIR", str(folder))
    return folder


def entries(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("statements-*/*.json"))


def test_statements_keep_the_lines_they_span_after_non_ascii_text() -> None:
    text = "select 1;\n\n-- héllo wörld\nselect\n  2;\nselect 'é'; select 3"
    got = [(s.text, s.line, s.end_line, s.kind) for s in parse_text(Path("x.sql"), text).statements]
    assert got == [
        ("select 1", 1, 1, "SelectStmt"),
        ("select\n  2", 4, 5, "SelectStmt"),
        ("select 'é'", 6, 6, "SelectStmt"),
        ("select 3", 6, 6, "SelectStmt"),
    ]


def test_a_parse_error_is_data_until_checked() -> None:
    sql_file = parse_text(Path("a.sql"), "select 1;\ncreate tabel t (a int);\n", "sql/a.sql")
    assert sql_file.statements == ()
    assert (sql_file.error, sql_file.error_line) == ('syntax error at or near "tabel"', 2)
    with pytest.raises(ProjectError, match=r'^sql/a\.sql:2: syntax error at or near "tabel"'):
        sql_file.checked()
    with pytest.raises(ProjectError, match=r"^w\.sql:1: syntax error"):
        split_statements("selec 1;", "w.sql")


def test_an_error_at_end_of_input_names_the_last_line() -> None:
    sql_file = parse_text(Path("b.sql"), "-- header\ncreate table t (\n  a int\n\n")
    assert sql_file.error == "syntax error at end of input"
    assert sql_file.error_line == 3


def test_directives_are_read_from_the_header_only_and_add_up() -> None:
    text = (
        "-- What this is for.\n-- depends: 0001_a\n\n-- depends: 0002_b\n"
        "-- Note: prose, not a directive\n-- transactional: false\n"
        "create table t (a int);\n-- requires: 0003_c\n"
    )
    sql_file = parse_text(Path("c.sql"), text)
    assert sql_file.directives == {"depends": ("0001_a", "0002_b"), "transactional": ("false",)}
    assert sql_file.directive("requires") == ()
    assert sql_file.header == "What this is for.\nNote: prose, not a directive"
    assert sql_file.transactional is False


@pytest.mark.parametrize(
    ("header", "expected"),
    [("", True), ("-- transactional: true\n", True), ("-- transactional: maybe\n", None)],
)
def test_transactional_is_true_false_or_malformed(header: str, expected: bool | None) -> None:
    assert parse_text(Path("d.sql"), header + "select 1;").transactional is expected


def test_what_statements_define() -> None:
    text = (
        "create or replace function public.f(a uuid, out b int, inout c text) returns record\n"
        "  language sql as $$ select 1, 'x' $$;\n"
        "create trigger t after insert on auth.users for each row execute function g();\n"
        "create policy p on things for select using (true);\n"
        "grant select on public.things to anon;\n"
    )
    defined = [s.defines for s in parse_text(Path("e.sql"), text).statements]
    assert defined == [
        Defines("function", "public.f(uuid, text)", "", True),
        Defines("trigger", "t", "auth.users", False),
        Defines("policy", "p", "public.things", False),
        None,
    ]


def test_parse_trees_are_built_on_first_use() -> None:
    statements = parse_text(Path("f.sql"), "create table t (a int);\ndrop table t;").statements
    assert [type(s.node).__name__ for s in statements] == [s.kind for s in statements]
    assert statements[0].node.relation.relname == "t"


def test_the_cache_is_consulted(cache_dir: Path) -> None:
    text = "select 1;\nselect 2;\n"
    first = parse_text(Path("g.sql"), text)
    [entry] = entries(cache_dir)
    split = json.loads(entry.read_text())
    split["statements"][1][4] = "PlantedStmt"  # a well-formed entry that differs
    entry.write_text(json.dumps(split))
    again = parse_text(Path("g.sql"), text)
    assert [s.kind for s in first.statements] == ["SelectStmt", "SelectStmt"]
    assert [s.kind for s in again.statements] == ["SelectStmt", "PlantedStmt"]


def test_an_entry_that_would_hide_sql_is_ignored(cache_dir: Path) -> None:
    text = "select 1;\n/* a comment; */ revoke all on t from anon;\n-- end\n"
    parse_text(Path("k.sql"), text)
    [entry] = entries(cache_dir)
    split = json.loads(entry.read_text())
    for hiding in (split["statements"][:1], split["statements"][::-1]):
        entry.write_text(json.dumps({"statements": hiding, "error": None}))
        statements = parse_text(Path("k.sql"), text).statements
        assert [s.text for s in statements] == ["select 1", "revoke all on t from anon"]


@pytest.mark.parametrize(
    "damage",
    [
        "{not json",
        "",
        '{"statements": [[0, 999, 1, 1, "SelectStmt", null]], "error": null}',
        '{"statements": [[0, 8, 1, 1, "SelectStmt", ["function"]]], "error": null}',
        '{"statements": [], "error": ["x"]}',
        "[]",
    ],
)
def test_a_corrupt_entry_is_ignored_and_rewritten(cache_dir: Path, damage: str) -> None:
    text = "select 1;\n"
    expected = parse_text(Path("h.sql"), text).statements
    [entry] = entries(cache_dir)
    entry.write_text(damage)
    assert parse_text(Path("h.sql"), text).statements == expected
    assert sqlcache.lookup(text) is not None  # rewritten whole


def _store_and_read(args: tuple[str, str]) -> int:
    os.environ["MASHDB_CACHE_DIR"], text = args
    return len(parse_text(Path("i.sql"), text).statements)


def test_concurrent_writers_leave_one_whole_entry(cache_dir: Path) -> None:
    text = "".join(f"select {n};\n" for n in range(300))
    with ProcessPoolExecutor(4) as pool:
        counts = list(pool.map(_store_and_read, [(str(cache_dir), text)] * 16))
    assert counts == [300] * 16
    assert len(entries(cache_dir)) == 1
    assert not list(cache_dir.glob("statements-*/.tmp-*"))
    assert len(sqlcache.lookup(text)["statements"]) == 300  # type: ignore[index]


def test_an_unwritable_or_disabled_cache_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("MASHDB_CACHE_DIR", str(blocker / "below"))
    assert len(parse_text(Path("j.sql"), "select 1; select 2;").statements) == 2
    monkeypatch.setenv("MASHDB_CACHE_DIR", "")
    assert sqlcache.folder() is None
    assert len(parse_text(Path("j.sql"), "select 1; select 2;").statements) == 2


def test_a_second_read_of_unchanged_files_imports_neither_parser_nor_yoyo(cache_dir: Path) -> None:
    script = (
        "import sys\nfrom pathlib import Path\n"
        "from toolkit.project import Project\nfrom toolkit.files import load_files\n"
        f"files = load_files(Project(Path({str(REPO)!r})))\n"
        "assert files.migrations and files.repeatables\n"
        "print(' '.join(m for m in ('pglast', 'yoyo') if m in sys.modules))\n"
    )
    env = {**os.environ, "MASHDB_CACHE_DIR": str(cache_dir)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    ]
    assert runs == ["pglast", ""]  # the first run parses; discovery never needs yoyo


def test_read_sql_file_names_an_unreadable_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sql"
    bad.write_bytes(b"select '\xff';")
    with pytest.raises(ProjectError, match=r"^sql/bad\.sql: not UTF-8 text"):
        read_sql_file(bad, "sql/bad.sql")
    with pytest.raises(ProjectError, match=r"^sql/none\.sql: file not found"):
        read_sql_file(tmp_path / "none.sql", "sql/none.sql")
