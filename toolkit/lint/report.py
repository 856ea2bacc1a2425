"""``lint_paths``: one report from sqlfluff, squawk and the static RLS rules; its renderers.

Exit codes for the CLI (see :meth:`LintReport.exit_code`): 0 when no finding is
at or above ``fail_on`` (default ``error``), 1 when some is; every
:class:`~toolkit.lint.errors.LintError` (bad config, missing tool) means 2.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toolkit.sqlfile import SqlFile, parse_text, read_sql_file

from . import sqlfluff_adapter, squawk_adapter
from .config import Ignore, LintConfig, apply_ignores, inline_ignores, load_config
from .errors import LintError, UnknownRuleError
from .finding import SEVERITIES, SEVERITY_RANK, SOURCES, Finding
from .model import is_rollback
from .rls_engine import build_model, check_model
from .rules import REGISTRY

if TYPE_CHECKING:
    from toolkit.gitbase import Base

JSON_SCHEMA = "mashdb-lint/1"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


class LintPathError(LintError):
    """A path given to ``lint_paths`` does not exist."""


@dataclass(frozen=True)
class LintReport:
    """Findings (sorted by path, line, rule), the linted files and what was suppressed."""

    findings: tuple[Finding, ...]
    files: tuple[str, ...]
    sources: tuple[str, ...] = SOURCES
    suppressed: int = 0
    unused_ignores: tuple[str, ...] = ()

    def counts(self) -> dict[str, int]:
        """Number of findings per severity (every severity present, most severe first)."""
        counts = {severity: 0 for severity in reversed(SEVERITIES)}
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts

    def exit_code(self, fail_on: str = "error") -> int:
        """0 if no finding is at or above ``fail_on``, else 1."""
        if fail_on not in SEVERITY_RANK:
            raise ValueError(f"fail_on must be one of {', '.join(SEVERITIES)}, not {fail_on!r}")
        threshold = SEVERITY_RANK[fail_on]
        return int(any(SEVERITY_RANK[f.severity] >= threshold for f in self.findings))


def _display_function(project_root: Path) -> Callable[[Path], str]:
    root = project_root.resolve()

    def display(path: Path) -> str:
        resolved = Path(path).resolve()
        try:
            return resolved.relative_to(root).as_posix()
        except ValueError:
            return resolved.as_posix()

    return display


def collect_files(paths: Sequence[Path] | None, project_root: Path) -> list[Path]:
    """Expand directories to their ``*.sql`` files; no duplicates. Empty or ``None``
    means ``<root>/sql``."""
    chosen = list(paths or ()) or [project_root / "sql"]
    files: list[Path] = []
    seen: set[Path] = set()
    for path in chosen:
        path = path if path.is_absolute() else project_root / path
        if path.is_dir():
            candidates = sorted(p for p in path.rglob("*.sql") if p.is_file())
        elif path.is_file():
            candidates = [path]
        else:
            raise LintPathError(f"no such file or directory: {path}")
        for candidate in candidates:
            resolved = candidate.resolve()
            if resolved not in seen:
                seen.add(resolved)
                files.append(resolved)
    return files


def lint_paths(
    paths: Sequence[Path],
    project_root: Path,
    *,
    sources: Collection[str] = SOURCES,
    config: LintConfig | None = None,
    baseline: Collection[tuple[str, str, int | None, str]] | None = None,
    given_only: bool = False,
    parsed: Mapping[Path, SqlFile] | None = None,
) -> LintReport:
    """Lint ``paths`` (files or directories; none means ``sql/``) of the project ``project_root``.

    ``sources`` picks among ``sqlfluff``, ``squawk`` and ``rls``. The RLS rules
    model the whole ``sql/`` tree (plus the given files) so that cross-file
    rules work, but only findings in the given files are reported, and, with a
    ``baseline`` (:func:`Finding.key` of the findings the base's tree had), the
    findings elsewhere that the base did not have. ``config`` defaults to the
    ``[lint]`` table of ``mashdb.toml`` in ``project_root``. With ``given_only``, no
    paths means no files (not ``sql/``). ``parsed`` (resolved path -> SqlFile) are files
    already parsed; given it, the RLS model replays exactly those (not ``sql/``). Raises
    :class:`~toolkit.lint.errors.LintError` for configuration and tool errors.
    """
    unknown = set(sources) - set(SOURCES)
    if unknown:
        raise LintError(f"unknown lint source(s): {', '.join(sorted(unknown))}")
    project_root = project_root.resolve()
    config = config if config is not None else load_config(project_root)
    display = _display_function(project_root)
    files = collect_files(paths, project_root) if paths or not given_only else []
    shown = {display(f) for f in files}

    known = dict(parsed or {})
    parsed = {f: known.get(f) or read_sql_file(f) for f in files}
    ignores: list[Ignore] = list(config.ignores)
    for path, sql_file in parsed.items():
        ignores.extend(inline_ignores(sql_file, display(path)))

    findings: list[Finding] = []
    if "sqlfluff" in sources:
        findings += sqlfluff_adapter.lint_files(files, project_root, display)
    if "squawk" in sources:
        findings += squawk_adapter.lint_migrations(files, project_root, config.squawk, display)
    if "rls" in sources:
        sql_root = project_root / "sql"
        if known:
            tree: list[Path] = sorted(known)
        else:
            tree = sorted(p.resolve() for p in sql_root.rglob("*.sql")) if sql_root.is_dir() else []
        for path in tree:
            if path not in parsed and not is_rollback(path):
                parsed[path] = known.get(path) or read_sql_file(path)
        model = build_model(parsed.values(), sql_root, display, config.project)
        rls_findings = check_model(model)
        # a rollback file is not modelled, but a syntax error in it still matters
        for path in files:
            sql_file = parsed[path]
            if is_rollback(path) and sql_file.error is not None:
                rule = REGISTRY.get("RLS000")
                assert rule is not None
                rls_findings.append(
                    Finding(
                        rule.id,
                        rule.severity,
                        display(path),
                        sql_file.error_line,
                        f"SQL does not parse: {sql_file.error}",
                        rule.hint,
                        "rls",
                    )
                )
        findings += [
            f
            for f in rls_findings
            if f.path in shown or (baseline is not None and f.key() not in baseline)
        ]

    findings = [replace(f, severity=config.severity_for(f.rule_id, f.severity)) for f in findings]
    kept, suppressed, used = apply_ignores(findings, ignores)
    unused = [
        i.origin for i in ignores if i not in used and _ignore_applies(i, shown, set(sources))
    ]
    kept.sort(key=Finding.sort_key)
    return LintReport(
        findings=tuple(kept),
        files=tuple(sorted(shown)),
        sources=tuple(s for s in SOURCES if s in sources),
        suppressed=suppressed,
        unused_ignores=tuple(unused),
    )


def lint_changed(
    project_root: Path,
    base: Base,
    *,
    sources: Collection[str] = SOURCES,
    config: LintConfig | None = None,
) -> LintReport:
    """Lint the SQL files this branch changed since it left ``base`` (committed or not).

    sqlfluff and squawk judge one file at a time, so the changed files are all they need.
    The RLS rules judge the whole tree: a change can put a finding into a file it did not
    touch (an index dropped in a changed migration leaves an unchanged policy file's
    filter unindexed), so findings in other files are reported too when the base's tree
    (where the branch left it) did not have them.
    """
    project_root = project_root.resolve()
    changed = [project_root / p for p in base.changed("sql") if p.endswith(".sql")]
    baseline: set[tuple[str, str, int | None, str]] | None = None
    if "rls" in sources:
        config = config if config is not None else load_config(project_root)
        display = _display_function(project_root)
        sql_root = project_root / "sql"
        texts = base.texts("sql")
        old = [
            parse_text(project_root / rel, text)
            for rel, text in sorted(texts.items())
            if rel.endswith(".sql") and not is_rollback(Path(rel))
        ]
        model = build_model(old, sql_root, display, config.project)
        baseline = {f.key() for f in check_model(model)}
    return lint_paths(
        changed, project_root, sources=sources, config=config, baseline=baseline, given_only=True
    )


def _rule_source(pattern: str) -> str | None:
    for source in ("sqlfluff", "squawk"):
        if pattern.startswith(f"{source}:"):
            return source
    return None if pattern == "*" else "rls"


def _ignore_applies(ignore: Ignore, shown: set[str], sources: set[str]) -> bool:
    """Whether an unused ignore is worth reporting: its files and tools were all in this run."""
    if not any(fnmatchcase(path, ignore.path) for path in shown):
        return False
    needed = {_rule_source(rule) for rule in ignore.rules}
    return all(source is None and sources == set(SOURCES) or source in sources for source in needed)


# ---- explain ---------------------------------------------------------------------------------
def explain(rule_id: str) -> str:
    """Documentation of a rule: an RLS id, ``sqlfluff:<code>`` or ``squawk:<rule>``."""
    rule = REGISTRY.get(rule_id)
    if rule is not None:
        return f"{rule.id} {rule.title} (severity: {rule.severity})\n\n{rule.doc()}\n"
    if rule_id.startswith("squawk:"):
        name = rule_id.removeprefix("squawk:")
        return (
            f"squawk:{name}\n\nA squawk migration-safety rule; its documentation is at "
            f"{squawk_adapter.DOCS_URL.format(rule=name)}\n"
        )
    code = rule_id.removeprefix("sqlfluff:")
    doc = sqlfluff_adapter.rule_doc(code) if code else None
    if doc is not None:
        return doc + "\n"
    known = ", ".join(r.id for r in REGISTRY.all())
    raise UnknownRuleError(
        f"unknown rule {rule_id!r}; known: {known}, sqlfluff:<code>, squawk:<rule-name>"
    )


# ---- renderers -------------------------------------------------------------------------------
def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 or word == 'info' else 's'}"


def render_text(report: LintReport) -> str:
    """Human-readable: one ``path:line: severity rule message`` line per finding, and a hint."""
    lines = []
    for f in report.findings:
        where = f"{f.path}:{f.line}" if f.line is not None else f.path
        lines.append(f"{where}: {f.severity} {f.rule_id} {f.message}")
        if f.hint:
            lines.append(f"    hint: {f.hint}")
    counts = report.counts()
    summary = ", ".join(_plural(n, severity) for severity, n in counts.items())
    files = _plural(len(report.files), "file")
    if report.findings:
        lines.append(f"{summary} in {files}")
    else:
        lines.append(f"No findings in {files}")
    if report.suppressed:
        lines.append(f"{report.suppressed} suppressed by ignores")
    for origin in report.unused_ignores:
        lines.append(f"unused ignore: {origin}")
    return "\n".join(lines) + "\n"


def report_to_dict(report: LintReport) -> dict[str, Any]:
    """The stable JSON document (``schema: mashdb-lint/1``; see docs/lint.md)."""
    return {
        "schema": JSON_SCHEMA,
        "summary": {
            "files": len(report.files),
            **report.counts(),
            "suppressed": report.suppressed,
        },
        "sources": list(report.sources),
        "files": list(report.files),
        "findings": [
            {
                "rule_id": f.rule_id,
                "severity": f.severity,
                "source": f.source,
                "path": f.path,
                "line": f.line,
                "message": f.message,
                "hint": f.hint,
            }
            for f in report.findings
        ],
        "unused_ignores": list(report.unused_ignores),
    }


def render_json(report: LintReport) -> str:
    """:func:`report_to_dict` as indented JSON."""
    return json.dumps(report_to_dict(report), indent=2) + "\n"


_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _sarif_rule(rule_id: str) -> dict[str, Any]:
    rule = REGISTRY.get(rule_id)
    if rule is not None:
        return {
            "id": rule.id,
            "name": rule.title,
            "shortDescription": {"text": rule.message()},
            "fullDescription": {"text": rule.doc()},
            "help": {"text": f"{rule.hint}\n\n{rule.doc()}"},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
            "properties": {"source": "rls"},
        }
    if rule_id.startswith("squawk:"):
        name = rule_id.removeprefix("squawk:")
        return {
            "id": rule_id,
            "name": name,
            "shortDescription": {"text": f"squawk rule {name}"},
            "helpUri": squawk_adapter.DOCS_URL.format(rule=name),
            "properties": {"source": "squawk"},
        }
    code = rule_id.removeprefix("sqlfluff:")
    return {
        "id": rule_id,
        "name": code,
        "shortDescription": {"text": f"sqlfluff rule {code}"},
        "helpUri": sqlfluff_adapter.DOCS_URL,
        "properties": {"source": "sqlfluff"},
    }


def report_to_sarif(report: LintReport) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run (tool ``mashdb-lint``) for code-scanning UIs."""
    rule_ids = [r.id for r in REGISTRY.all()] if "rls" in report.sources else []
    rule_ids += sorted({f.rule_id for f in report.findings} - set(rule_ids))
    index = {rule_id: n for n, rule_id in enumerate(rule_ids)}
    results = []
    for f in report.findings:
        location: dict[str, Any] = {
            "physicalLocation": {
                "artifactLocation": {"uri": f.path, "uriBaseId": "%SRCROOT%"},
            }
        }
        if f.line is not None:
            location["physicalLocation"]["region"] = {"startLine": f.line}
        text = f.message if not f.hint else f"{f.message}\nHint: {f.hint}"
        results.append(
            {
                "ruleId": f.rule_id,
                "ruleIndex": index[f.rule_id],
                "level": _SARIF_LEVEL[f.severity],
                "message": {"text": text},
                "locations": [location],
                "properties": {"source": f.source, "severity": f.severity},
            }
        )
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "mashdb-lint",
                        "rules": [_sarif_rule(rule_id) for rule_id in rule_ids],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def render_sarif(report: LintReport) -> str:
    """:func:`report_to_sarif` as indented JSON."""
    return json.dumps(report_to_sarif(report), indent=2) + "\n"


RENDERERS: dict[str, Callable[[LintReport], str]] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
}
"""Output format name -> renderer; the CLI's ``--format`` choices are its keys."""
