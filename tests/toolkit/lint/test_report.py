"""lint_paths as a whole: ignores, severities, renderers (text / JSON / SARIF), explain."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toolkit.lint import (
    RENDERERS,
    Finding,
    LintConfigError,
    LintPathError,
    LintReport,
    UnknownRuleError,
    explain,
    lint_paths,
)
from toolkit.lint.config import parse_config

from .conftest import LintRls, MakeProject

OPEN_TABLE = "create table public.notes (id bigint primary key);\n"


def test_findings_only_for_requested_files_but_model_is_whole_tree(
    make_project: MakeProject, lint_rls: LintRls
) -> None:
    root = make_project(
        {
            "sql/migrations/0001_a.sql": "create table public.a (id bigint primary key, o uuid);\n",
            "sql/policies/a.sql": (
                "create policy a_sel on public.a for select to authenticated\n"
                "  using (o = (select auth.uid()));\n"
            ),
        }
    )
    report = lint_rls(root, [root / "sql/policies/a.sql"])
    assert report.files == ("sql/policies/a.sql",)
    assert {f.rule_id for f in report.findings} == {"RLS002", "RLS008"}  # knows a has no RLS
    assert all(f.path == "sql/policies/a.sql" for f in report.findings)


def test_sorted_and_counted(make_project: MakeProject, lint_rls: LintRls) -> None:
    root = make_project(
        {
            "sql/migrations/0002_b.sql": OPEN_TABLE.replace("notes", "b"),
            "sql/migrations/0001_a.sql": (
                "-- header\n\n" + OPEN_TABLE + "create view public.v as select 1;\n"
            ),
        }
    )
    report = lint_rls(root)
    assert [(f.path, f.line) for f in report.findings] == [
        ("sql/migrations/0001_a.sql", 3),
        ("sql/migrations/0001_a.sql", 4),
        ("sql/migrations/0002_b.sql", 1),
    ]
    assert report.counts() == {"error": 3, "warning": 0, "info": 0}
    assert report.exit_code() == 1
    assert report.exit_code("warning") == 1


def test_exit_code_thresholds() -> None:
    info = Finding("RLS007", "info", "a.sql", 1, "m", None, "rls")
    report = LintReport(findings=(info,), files=("a.sql",))
    assert report.exit_code("error") == 0
    assert report.exit_code("warning") == 0
    assert report.exit_code("info") == 1
    assert LintReport(findings=(), files=()).exit_code("info") == 0
    with pytest.raises(ValueError):
        report.exit_code("fatal")


def test_config_ignore_with_reason(make_project: MakeProject, lint_rls: LintRls) -> None:
    root = make_project(
        {
            "sql/migrations/0001_a.sql": OPEN_TABLE,
            "mashdb.toml": (
                '[[lint.ignore]]\npath = "sql/migrations/0001_*.sql"\nrules = ["RLS001"]\n'
                'reason = "public reference data, read-only"\n'
            ),
        }
    )
    report = lint_rls(root)
    assert report.findings == ()
    assert report.suppressed == 1
    assert report.unused_ignores == ()


def test_config_ignore_without_reason_is_an_error(make_project: MakeProject) -> None:
    root = make_project(
        {
            "sql/migrations/0001_a.sql": OPEN_TABLE,
            "mashdb.toml": '[[lint.ignore]]\npath = "sql/**"\nrules = ["RLS001"]\n',
        }
    )
    with pytest.raises(LintConfigError, match=r"\[\[ignore\]\] #1: an ignore needs a non-empty"):
        lint_paths([], root, sources=("rls",))


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"ignore": [{"path": "x", "rules": ["RLS001"], "reason": "  "}]}, "non-empty 'reason'"),
        ({"ignore": [{"path": "x", "rules": ["RLS001"], "reasons": "r"}]}, "unknown key"),
        ({"ignore": [{"path": "x", "reason": "r"}]}, "'rules' is required"),
        ({"ignore": [{"path": "x", "rules": ["RLS999"], "reason": "r"}]}, "matches no rule"),
        ({"severity": {"sqlfluff:*": "fatal"}}, "expected error, warning or info"),
        ({"squawk": {"version": "18"}}, "unknown key"),
        ({"lint": {}}, "unknown key"),
    ],
)
def test_config_validation(document: dict, message: str) -> None:
    with pytest.raises(LintConfigError, match=message):
        parse_config(document)


def test_unused_config_ignore_is_reported(make_project: MakeProject, lint_rls: LintRls) -> None:
    root = make_project(
        {
            "sql/migrations/0001_a.sql": "create table private.a (id bigint primary key);\n",
            "mashdb.toml": (
                '[[lint.ignore]]\npath = "sql/migrations/*.sql"\nrules = ["RLS001"]\nreason = "r"\n'
            ),
        }
    )
    assert lint_rls(root).unused_ignores == ("mashdb.toml [lint] [[ignore]] #1",)


def test_inline_ignore_covers_the_next_statement(
    make_project: MakeProject, lint_rls: LintRls
) -> None:
    root = make_project(
        {
            "sql/migrations/0001_a.sql": (
                "-- mashdb-lint: ignore RLS001,RLS010 lookup table, public by design\n"
                "create table public.a (\n  id bigint primary key\n);\n"
                "create table public.b (id bigint primary key);\n"
            )
        }
    )
    report = lint_rls(root)
    assert [(f.rule_id, f.line) for f in report.findings] == [("RLS001", 5)]
    assert report.suppressed == 1


def test_inline_ignore_file(make_project: MakeProject, lint_rls: LintRls) -> None:
    root = make_project(
        {
            "sql/migrations/0001_a.sql": (
                "create table public.a (id bigint primary key);\n"
                "create table public.b (id bigint primary key);  "
                "-- mashdb-lint: ignore-file RLS* fixture tables\n"
            )
        }
    )
    assert lint_rls(root).findings == ()


def test_inline_ignore_without_reason_is_an_error(make_project: MakeProject) -> None:
    root = make_project(
        {"sql/migrations/0001_a.sql": "-- mashdb-lint: ignore RLS001\n" + OPEN_TABLE}
    )
    with pytest.raises(LintConfigError, match=r"0001_a.sql:1: .*needs a reason"):
        lint_paths([], root, sources=("rls",))


def test_severity_override(make_project: MakeProject, lint_rls: LintRls) -> None:
    root = make_project(
        {
            "sql/migrations/0001_a.sql": OPEN_TABLE,
            "mashdb.toml": '[lint.severity]\n"RLS00[01]" = "info"\n',
        }
    )
    report = lint_rls(root)
    assert [f.severity for f in report.findings] == ["info"]
    assert report.exit_code() == 0


def test_missing_path_is_an_error(make_project: MakeProject) -> None:
    root = make_project({})
    with pytest.raises(LintPathError):
        lint_paths([Path("sql/nope.sql")], root, sources=("rls",))


def test_rollback_files_are_parsed_not_modelled(
    make_project: MakeProject, lint_rls: LintRls
) -> None:
    root = make_project(
        {
            "sql/migrations/0001_a.rollback.sql": "drop tabel public.a;\n" + OPEN_TABLE,
        }
    )
    report = lint_rls(root)
    assert [(f.rule_id, f.line) for f in report.findings] == [("RLS000", 1)]


# ---- renderers ----------------------------------------------------------------------------------
@pytest.fixture
def report(make_project: MakeProject, lint_rls: LintRls) -> LintReport:
    root = make_project(
        {"sql/migrations/0001_a.sql": OPEN_TABLE + "create view public.v as select 1;\n"}
    )
    return lint_rls(root)


def test_renderer_table() -> None:
    assert set(RENDERERS) == {"text", "json", "sarif"}


def test_render_text(report: LintReport) -> None:
    text = RENDERERS["text"](report)
    assert "sql/migrations/0001_a.sql:1: error RLS001 row level security is disabled" in text
    assert "    hint: Add `alter table public.notes enable row level security;`." in text
    assert text.rstrip().endswith("2 errors, 0 warnings, 0 info in 1 file")


def test_render_json_schema(report: LintReport) -> None:
    document = json.loads(RENDERERS["json"](report))
    assert document["schema"] == "mashdb-lint/1"
    assert document["summary"] == {
        "files": 1,
        "error": 2,
        "warning": 0,
        "info": 0,
        "suppressed": 0,
    }
    assert document["files"] == ["sql/migrations/0001_a.sql"]
    assert set(document["findings"][0]) == {
        "rule_id",
        "severity",
        "source",
        "path",
        "line",
        "message",
        "hint",
    }


def test_render_sarif_shape(report: LintReport) -> None:
    log = json.loads(RENDERERS["sarif"](report))
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "mashdb-lint"
    rule_ids = [r["id"] for r in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    assert all(r["shortDescription"]["text"] for r in driver["rules"])
    assert len(run["results"]) == 2
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in {"error", "warning", "note"}
        assert result["message"]["text"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == "sql/migrations/0001_a.sql"
        assert physical["region"]["startLine"] >= 1


def test_sarif_levels_and_foreign_rules() -> None:
    findings = (
        Finding("squawk:require-lock-timeout", "warning", "a.sql", 3, "m", "h", "squawk"),
        Finding("sqlfluff:LT01", "info", "a.sql", None, "m", None, "sqlfluff"),
    )
    log = json.loads(RENDERERS["sarif"](LintReport(findings, ("a.sql",), ("sqlfluff", "squawk"))))
    run = log["runs"][0]
    assert [r["level"] for r in run["results"]] == ["warning", "note"]
    assert "region" not in run["results"][1]["locations"][0]["physicalLocation"]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == {
        "squawk:require-lock-timeout",
        "sqlfluff:LT01",
    }


# ---- explain ------------------------------------------------------------------------------------
def test_explain_rls_rule() -> None:
    text = explain("rls003")
    assert text.startswith("RLS003 auth-call-not-wrapped (severity: warning)")
    assert "**Anti-pattern**" in text and "**Best practice**" in text


def test_explain_foreign_rules() -> None:
    assert "squawkhq.com/docs/require-concurrent-index-creation" in explain(
        "squawk:require-concurrent-index-creation"
    )
    assert explain("sqlfluff:CP01").startswith("sqlfluff:CP01 (capitalisation.keywords)")


def test_explain_unknown_rule() -> None:
    with pytest.raises(UnknownRuleError, match="unknown rule 'NOPE'"):
        explain("NOPE")
