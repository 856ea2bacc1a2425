"""An app's data layer on supabase-js typechecks against the types `mashdb types` generates
from a freshly migrated database, and each deliberate mistake in its use fails tsc at the
mistaken line, naming the mistake (or pointing at it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from toolkit.db import connect
from toolkit.typegen import generate
from typegen.conftest import TS_SOURCES, TsProject, require_tool, typescript

pytestmark = typescript

MISTAKE = re.compile(r"//\s*MISTAKE:\s*(\S+)")
MISTAKES = sorted((TS_SOURCES / "mistakes").glob("*.ts"))


def _types(url: str) -> str:
    with connect(url) as conn:
        text, _ = generate(conn, ["public", "graphql_public"], ["anon", "authenticated"])
    return text


@pytest.fixture
def generated(migrated_db: str, ts_project: TsProject) -> TsProject:
    ts_project.write("database.ts", _types(migrated_db))
    return ts_project


def test_the_data_layer_typechecks_against_the_generated_types(generated: TsProject) -> None:
    run = generated.tsc("tsconfig.json")
    assert run.exit_code == 0, run.output
    assert run.diagnostics == []


def _marked(path: Path) -> dict[int, str]:
    """Line number -> the name a mistake on that line is about."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return {n: m[1] for n, line in enumerate(lines, 1) if (m := MISTAKE.search(line))}


def test_every_mistake_fails_tsc_at_its_line(generated: TsProject) -> None:
    assert len(MISTAKES) >= 8
    run = generated.tsc("tsconfig.mistakes.json")
    assert run.exit_code != 0, run.output
    by_file: dict[str, list] = {}
    for d in run.diagnostics:
        by_file.setdefault(d.file, []).append(d)
    assert not by_file.pop("src/data.ts", None), run.output  # the correct file stays correct
    for path in MISTAKES:
        name = f"mistakes/{path.name}"
        marked = _marked(path)
        assert len(marked) == 1, f"{name}: mark exactly one line with // MISTAKE: <name>"
        ((line, needle),) = marked.items()
        found = by_file.pop(name, [])
        assert found, f"{name}: tsc accepted the mistake ({needle})\n{run.output}"
        source = path.read_text(encoding="utf-8").splitlines()
        for d in found:
            assert d.line == line, f"{name}: an error away from the mistake: {d}"
            at = source[d.line - 1][d.col - 1 :]
            assert needle in d.message or at.startswith(needle), (
                f"{name}: the error neither names nor points at {needle}: {d}"
            )
    assert not by_file, f"errors in unexpected files: {by_file}"


def test_without_node_the_run_fails_and_says_what_to_install() -> None:
    with pytest.raises(pytest.fail.Exception, match="install Node.js 20 or later"):
        require_tool("mashdb-no-such-node")
