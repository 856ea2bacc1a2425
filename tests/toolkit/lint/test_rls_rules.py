"""The static RLS rules: cases as data, docstring shape, docstring examples, registry."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from toolkit.lint.rules import REGISTRY, Registry, Rule

from .conftest import LintRls, MakeProject

CASES_FILE = Path(__file__).parent / "cases" / "rls_rules.toml"
CASES: list[dict[str, Any]] = tomllib.loads(CASES_FILE.read_text(encoding="utf-8"))["case"]


def _files(case: dict[str, Any]) -> dict[str, str]:
    if "files" in case:
        return case["files"]
    return {"sql/migrations/0001_case.sql": case["sql"]}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_rule_case(case: dict[str, Any], make_project: MakeProject, lint_rls: LintRls) -> None:
    assert case["rule"] in REGISTRY, f"case names unknown rule {case['rule']}"
    report = lint_rls(make_project(_files(case)))
    hits = [f for f in report.findings if f.rule_id == case["rule"]]
    if case["expect"] == "pass":
        assert hits == [], [f"{f.path}:{f.line} {f.message}" for f in hits]
    else:
        assert hits, f"{case['rule']} did not fire; findings: {report.findings}"
        if "lines" in case:
            assert sorted(f.line for f in hits) == case["lines"]


def test_every_rule_has_cases_or_examples() -> None:
    covered = {c["rule"] for c in CASES}
    missing = [r.id for r in REGISTRY.all() if r.id not in covered]
    assert not missing, f"rules without cases in {CASES_FILE.name}: {missing}"


DOC_SHAPE = re.compile(
    r"\A(?P<message>[^\n]+\.)\n\n"
    r"(?P<why>.+?)\n\n"
    r"\*\*Anti-pattern\*\*\n\n(?:.*?\n\n)?\.\. code-block:: sql\n\n(?P<anti>(?:    .*\n|\n)+?)\n*"
    r"\*\*Best practice\*\*\n\n(?:.*?\n\n)?\.\. code-block:: sql\n\n(?P<best>(?:    .*\n?|\n)+)\Z",
    re.DOTALL,
)


def _doc_parts(rule: type[Rule]) -> re.Match[str]:
    match = DOC_SHAPE.match(rule.doc() + "\n")
    assert match, (
        f"{rule.id}: docstring must be: one-line message ending with '.', blank line, "
        "explanation, '**Anti-pattern**' with a '.. code-block:: sql' example, "
        "'**Best practice**' with a '.. code-block:: sql' example"
    )
    return match


@pytest.mark.parametrize("rule", REGISTRY.all(), ids=lambda r: r.id)
def test_docstring_shape(rule: type[Rule]) -> None:
    parts = _doc_parts(rule)
    assert len(parts["message"]) <= 100
    assert re.fullmatch(r"RLS\d{3}", rule.id)
    assert rule.severity in {"error", "warning", "info"}
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.title)
    assert rule.hint


def _example(text: str) -> str:
    lines = [line[4:] if line.startswith("    ") else line for line in text.splitlines()]
    return "\n".join(lines).strip() + "\n"


@pytest.mark.parametrize("rule", REGISTRY.all(), ids=lambda r: r.id)
def test_docstring_examples(rule: type[Rule], make_project: MakeProject, lint_rls: LintRls) -> None:
    """The anti-pattern example breaks the rule; the best-practice example does not."""
    parts = _doc_parts(rule)
    bad = make_project({"sql/migrations/0001_anti.sql": _example(parts["anti"])})
    assert any(f.rule_id == rule.id for f in lint_rls(bad).findings), "anti-pattern passes"
    (bad / "sql/migrations/0001_anti.sql").unlink()
    good = make_project({"sql/migrations/0001_best.sql": _example(parts["best"])})
    hits = [f for f in lint_rls(good).findings if f.rule_id == rule.id]
    assert hits == [], "best practice fails"


def test_registry_rejects_duplicate_ids() -> None:
    registry = Registry()

    class One(Rule):
        """Message."""

        id = "RLS900"
        severity = "info"
        title = "one"
        hint = "h"

    class Two(One):
        """Other."""

    registry.register(One)
    with pytest.raises(ValueError, match="duplicate rule id RLS900"):
        registry.register(Two)


def test_registry_lookup_is_case_insensitive() -> None:
    assert REGISTRY.get("rls001") is REGISTRY.get("RLS001") is not None
