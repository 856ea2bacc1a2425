"""Static RLS rules: build the model from parsed files and turn rule hits into findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from toolkit.security import ProjectConfig
from toolkit.sqlfile import SqlFile

from .finding import Finding
from .model import Model
from .replay import ModelBuilder
from .rules import REGISTRY, Rule


def build_model(
    files: Iterable[SqlFile],
    sql_root: Path,
    display: Callable[[Path], str] = str,
    project: ProjectConfig | None = None,
) -> Model:
    """Replay ``files`` (in ``migrate`` order) into a frozen :class:`Model`; ``project``
    (default: mashdb.toml's defaults) says which schemas are exposed and who the API is."""
    builder = ModelBuilder(sql_root=sql_root, display=display, project=project or ProjectConfig())
    builder.add_files(files)
    return builder.build()


def check_model(model: Model, rules: Iterable[type[Rule]] | None = None) -> list[Finding]:
    """Run ``rules`` (default: every registered rule) over ``model``."""
    findings = []
    for rule_class in rules if rules is not None else REGISTRY.all():
        rule = rule_class()
        for hit in rule.check(model):
            findings.append(
                Finding(
                    rule_id=rule.id,
                    severity=rule.severity,
                    path=hit.location.path,
                    line=hit.location.line,
                    message=hit.message or rule.message(),
                    hint=hit.hint or rule.hint,
                    source="rls",
                )
            )
    return findings
