"""The privilege pre-flight of a superuser (toolkit/preflight.py) needs no parse tree: it
checks only extension placement, from each statement's cached kind and a DO block's
dollar-quoted text. Proven: the code read from a DO block's text is the body the parser
gives, for every way a DO block is written (a form read from the tree otherwise); and a
whole plan of this repository is checked without importing the parser, with the same
verdict as the full check."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pglast
import pytest
from helpers import REPO

from toolkit import preflight
from toolkit.files import load_files
from toolkit.project import Project
from toolkit.sqlfile import parse_text

DO_BLOCKS = [
    "do $$ begin create extension if not exists pgcrypto; end $$",
    "do $vector$\nbegin\n  create extension vector;\nend\n$vector$",
    "DO $x$ begin perform 1; end $x$ LANGUAGE plpgsql",
    "do $a$ begin raise notice '$b$ create extension y'; end $a$ language plpgsql",
    "do language plpgsql $$ begin create extension z schema extensions; end $$",
    "do 'begin create extension w; end'",
    "do 'begin raise notice ''it''''s''; end'",
]


@pytest.mark.parametrize("block", DO_BLOCKS)
def test_a_do_blocks_code_is_the_parsers(block: str, tmp_path: Path) -> None:
    [stmt] = parse_text(tmp_path / "do.sql", block + ";\n").statements
    node = pglast.parse_sql(block)[0].stmt
    from_tree = " ".join(opt.arg.sval for opt in node.args if opt.defname == "as")
    planned = preflight.Statement("do.sql:1", stmt.text, source=stmt)
    assert planned.kind == "DoStmt"
    assert preflight._do_body(planned) == from_tree


CHECK_REPO = """
import sys
from pathlib import Path
from toolkit import db, preflight
from toolkit.files import load_files
from toolkit.plan import plan_migrate
from toolkit.project import Project
from toolkit.state import read_state
files = load_files(Project(Path(sys.argv[1])))
with db.connect(sys.argv[2]) as conn:
    plan = plan_migrate(files, read_state(conn), None, None)
    report = preflight.check(conn, preflight.plan_statements(conn, files, plan))
print(repr((report.refusals, report.extensions_first)))
print("pglast" in sys.modules)
"""


def test_a_superusers_plan_is_checked_without_the_parser(empty_db: str) -> None:
    from toolkit import db

    with db.connect(empty_db) as conn:  # a Supabase-like extensions schema: vector goes there
        conn.execute("create schema extensions; grant usage on schema extensions to public")
    files = load_files(Project(REPO))  # fills the statement cache the subprocess reads
    done = subprocess.run(
        [sys.executable, "-c", CHECK_REPO, str(REPO), empty_db],
        capture_output=True,
        text=True,
        check=True,
    )
    verdict, parser_imported = done.stdout.splitlines()
    assert parser_imported == "False"
    assert verdict == repr(([], {"sql/migrations/0018_mashup_embeddings.sql": ["vector"]}))
    every = [
        preflight.Statement(s.where, s.text, s.node)  # parse trees given: the tree's reading
        for f in [*files.bootstrap, *(m.apply for m in files.migrations)]
        for s in preflight.file_statements(f)
    ]
    with db.connect(empty_db) as conn:
        full = preflight.check(conn, every)
    assert repr((full.refusals, full.extensions_first)) == verdict
