"""The composed linters, really run: sqlfluff through its API, squawk as a binary."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.lint import LintToolError, lint_paths
from toolkit.lint.config import SquawkSettings
from toolkit.lint.squawk_adapter import find_squawk, is_migration, lint_migrations

from .conftest import SQLFLUFF_CONFIG, MakeProject


def _display(path: Path) -> str:
    return path.name


def test_sqlfluff_uses_the_repo_config(make_project: MakeProject) -> None:
    root = make_project(
        {
            ".sqlfluff": SQLFLUFF_CONFIG,
            "sql/functions/a.sql": "-- header\nSELECT 1;\n",
        }
    )
    report = lint_paths([], root, sources=("sqlfluff",))
    cp01 = [f for f in report.findings if f.rule_id == "sqlfluff:CP01"]
    assert cp01, report.findings
    finding = cp01[0]
    assert (finding.path, finding.line, finding.source) == ("sql/functions/a.sql", 2, "sqlfluff")
    assert finding.severity == "warning"
    assert "sqlfluff fix" in (finding.hint or "")


def test_sqlfluff_clean_file(make_project: MakeProject) -> None:
    root = make_project({".sqlfluff": SQLFLUFF_CONFIG, "sql/functions/a.sql": "select 1;\n"})
    assert lint_paths([], root, sources=("sqlfluff",)).findings == ()


def test_sqlfluff_noqa_is_honoured(make_project: MakeProject) -> None:
    root = make_project(
        {".sqlfluff": SQLFLUFF_CONFIG, "sql/functions/a.sql": "SELECT 1;  -- noqa: CP01\n"}
    )
    report = lint_paths([], root, sources=("sqlfluff",))
    assert not [f for f in report.findings if f.rule_id == "sqlfluff:CP01"]


def test_squawk_is_found() -> None:
    assert Path(find_squawk()).name == "squawk"


def test_squawk_flags_plain_index_on_existing_table(make_project: MakeProject) -> None:
    root = make_project(
        {
            "sql/migrations/0001_a.sql": "create table public.a (id bigint primary key);\n",
            "sql/migrations/0002_idx.sql": "-- index\ncreate index a_id on public.a (id);\n",
            "sql/migrations/0003_idx.sql": (
                "-- transactional: false\n"
                "create index concurrently if not exists a_id2 on public.a (id);\n"
            ),
        }
    )
    report = lint_paths([], root, sources=("squawk",))
    concurrent = [f for f in report.findings if f.rule_id.endswith("concurrent-index-creation")]
    assert [(f.path, f.line, f.severity) for f in concurrent] == [
        ("sql/migrations/0002_idx.sql", 2, "error")
    ]
    assert all(f.source == "squawk" and f.hint for f in report.findings)


def test_squawk_knows_a_table_created_in_the_same_migration(make_project: MakeProject) -> None:
    root = make_project(
        {
            "sql/migrations/0001_a.sql": (
                "create table public.a (id bigint primary key);\n"
                "create index a_id on public.a (id);\n"
            )
        }
    )
    report = lint_paths([], root, sources=("squawk",))
    assert not [f for f in report.findings if "concurrent" in f.rule_id]


def test_squawk_concurrent_index_inside_a_transaction(make_project: MakeProject) -> None:
    """Without `-- transactional: false` yoyo wraps the file in a transaction."""
    root = make_project(
        {
            "sql/migrations/0002_idx.sql": (
                "set lock_timeout = '1s';\n"
                "create index concurrently if not exists a_id on public.a (id);\n"
            )
        }
    )
    report = lint_paths([], root, sources=("squawk",))
    assert "squawk:ban-concurrent-index-creation-in-transaction" in {
        f.rule_id for f in report.findings
    }


def test_squawk_skips_rollbacks_and_repeatables(make_project: MakeProject) -> None:
    root = make_project(
        {
            "sql/migrations/0001_a.rollback.sql": "drop table public.a;\n",
            "sql/functions/f.sql": "create index a_id on public.a (id);\n",
        }
    )
    assert lint_paths([], root, sources=("squawk",)).findings == ()
    sql = root / "sql"
    assert not is_migration(sql / "migrations/0001_a.rollback.sql", sql)
    assert is_migration(sql / "migrations/0001_a.sql", sql)
    assert not is_migration(sql / "migrations/README.sql", sql)


def test_squawk_exclude_setting(make_project: MakeProject) -> None:
    root = make_project({"sql/migrations/0002_idx.sql": "create index a_id on public.a (id);\n"})
    path = root / "sql/migrations/0002_idx.sql"
    settings = SquawkSettings(exclude=("require-concurrent-index-creation",))
    findings = lint_migrations([path], root, settings, _display)
    assert "squawk:require-concurrent-index-creation" not in {f.rule_id for f in findings}


def test_squawk_missing_binary_is_a_tool_error(
    make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = make_project({"sql/migrations/0002_idx.sql": "create index a_id on public.a (id);\n"})
    monkeypatch.setattr("sys.executable", str(tmp_path / "nowhere" / "python"))
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    with pytest.raises(LintToolError, match="squawk not found"):
        lint_paths([], root, sources=("squawk",))
