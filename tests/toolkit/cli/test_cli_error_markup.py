"""An error message is printed as written: brackets in it (a mashdb.toml table name such as
`[api]`) are text, not console markup that would vanish."""

from __future__ import annotations

import subprocess
import sys

from helpers import REPO


def test_an_error_naming_a_toml_table_keeps_its_brackets(tmp_path):
    (tmp_path / "sql" / "migrations").mkdir(parents=True)
    (tmp_path / "mashdb.toml").write_text('[api]\nroles = "anon"\n', encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "toolkit",
            "--project",
            str(tmp_path),
            "types",
            "--output",
            "-",
            "--database-url",
            "postgresql://nobody@127.0.0.1:1/none",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert done.returncode != 0
    assert "[api]" in done.stderr, done.stderr
