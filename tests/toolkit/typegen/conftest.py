"""A TypeScript project to typecheck generated types with: supabase-js and tsc, pinned in
tests/toolkit/typegen/ts/package-lock.json and installed once per run (`npm ci`, cached in the
git-ignored .mashdb/npm-cache so a second run needs no network).

Node.js and npm are requirements of the test suite: without them these tests fail (a
skip would let a machine without Node pass while proving nothing about the types).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import REPO

TS_SOURCES = Path(__file__).parent / "ts"
NPM_CACHE = REPO / ".mashdb" / "npm-cache"
DIAGNOSTIC = re.compile(
    r"^(?P<file>[^()\s]+)\((?P<line>\d+),(?P<col>\d+)\): error (?P<message>.*)$"
)

# Every test that typechecks runs on one xdist worker, so `npm ci` runs once.
typescript = pytest.mark.xdist_group("mashdb-typescript")


@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int
    col: int
    message: str


@dataclass(frozen=True)
class TsRun:
    exit_code: int
    output: str

    @property
    def diagnostics(self) -> list[Diagnostic]:
        found = []
        for line in self.output.splitlines():
            m = DIAGNOSTIC.match(line)
            if m:
                found.append(Diagnostic(m["file"], int(m["line"]), int(m["col"]), m["message"]))
        return found


@dataclass(frozen=True)
class TsProject:
    """A copy of tests/toolkit/typegen/ts with node_modules installed; `generated/` holds the
    files under test."""

    root: Path

    def write(self, name: str, text: str) -> Path:
        path = self.root / "generated" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def tsc(self, config: str) -> TsRun:
        run = subprocess.run(
            [str(self.root / "node_modules" / ".bin" / "tsc"), "-p", config, "--pretty", "false"],
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=300,
        )
        return TsRun(run.returncode, run.stdout + run.stderr)


def require_tool(tool: str) -> str:
    """The path of `tool`; the test fails (never skips) when it is not installed."""
    path = shutil.which(tool)
    if path is None:
        pytest.fail(
            f"{tool} is not installed: the tests of `mashdb types` typecheck the generated "
            "file with tsc and supabase-js; install Node.js 20 or later (with npm)",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def ts_project(tmp_path_factory: pytest.TempPathFactory) -> TsProject:
    """The TypeScript project, installed once per run (per xdist worker that needs it)."""
    require_tool("node")
    npm = require_tool("npm")
    root = tmp_path_factory.mktemp("typescript")
    shutil.copytree(TS_SOURCES, root, dirs_exist_ok=True)
    NPM_CACHE.mkdir(parents=True, exist_ok=True)
    install = subprocess.run(
        [npm, "ci", "--prefer-offline", "--no-audit", "--no-fund", "--cache", str(NPM_CACHE)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if install.returncode != 0:
        pytest.fail(
            f"npm ci in tests/toolkit/typegen/ts failed (exit {install.returncode}):\n"
            f"{install.stdout}{install.stderr}",
            pytrace=False,
        )
    return TsProject(root)
