"""migrate's pre-flight: before anything runs, the SQL about to run is checked with the
static RLS rules that are errors (a table without RLS, default privileges kept, an
always-true write policy, …), with the project's lint configuration and ignores.

The rules judge the head state the project's files build (the same model `mashdb lint`
uses), but only findings located in the files about to run refuse: a pending migration,
a function or policy file about to be (re)applied, the bootstrap. `allow` (rule id globs)
lets named rules through, `skip` (or the environment variable MASHDB_SKIP_PREFLIGHT) skips
the check; either is reported, never silent.
The statements migrate already parsed are reused, not parsed again.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

from toolkit.errors import MashdbError
from toolkit.project import Project
from toolkit.sqlfile import SqlFile

if TYPE_CHECKING:  # the linter is imported only when something is checked
    from toolkit.lint.finding import Finding

SKIP_ENV = "MASHDB_SKIP_PREFLIGHT"
"""Set (non-empty), it skips the pre-flight like --skip-preflight, and is reported alike."""


class PreflightRefused(MashdbError):
    """migrate's pre-flight found RLS errors in the SQL about to run; nothing ran."""


@dataclass(frozen=True)
class Preflight:
    """What the pre-flight checked and what it let through."""

    checked: tuple[str, ...]  # the files about to run, as shown
    allow: tuple[str, ...] = ()  # the --allow rule globs
    skipped: bool = False  # nothing was checked: --skip-preflight or SKIP_ENV
    skipped_by: str = ""  # which of the two
    allowed: tuple[Finding, ...] = ()  # findings --allow let through

    @property
    def overridden(self) -> bool:
        """Whether the output must say that the check was skipped or findings let through."""
        return self.skipped or bool(self.allowed)


def check(
    project: Project,
    files: Iterable[SqlFile],
    about_to_run: Sequence[SqlFile],
    *,
    allow: Sequence[str] = (),
    skip: bool = False,
) -> Preflight:
    """Check `about_to_run` against the model of `files` (every file migrate read); raise
    PreflightRefused naming file:line and rule of each error `allow` does not cover."""
    shown = tuple(f.name for f in about_to_run)
    if skip or os.environ.get(SKIP_ENV):
        by = "--skip-preflight" if skip else f"{SKIP_ENV}={os.environ[SKIP_ENV]}"
        return Preflight(shown, tuple(allow), skipped=True, skipped_by=by)
    if not about_to_run:
        return Preflight(shown, tuple(allow))
    from toolkit.lint.report import lint_paths

    parsed = {f.path.resolve(): f for f in files}  # one SQL-file model: no second parse
    report = lint_paths(
        [f.path.resolve() for f in about_to_run],
        project.root,
        sources=("rls",),
        given_only=True,
        parsed=parsed,
    )
    errors = [f for f in report.findings if f.severity == "error"]
    allowed = tuple(f for f in errors if _allowed(f.rule_id, allow))
    blocking = [f for f in errors if f not in allowed]
    if blocking:
        listing = "\n".join(
            f"  {f.path}:{f.line}: {f.rule_id} {f.message}\n    hint: {f.hint}" for f in blocking
        )
        rules = sorted({f.rule_id for f in blocking})
        raise PreflightRefused(
            "pre-flight refused: the SQL about to run breaks RLS rules that are errors\n"
            f"{listing}\n"
            "nothing was applied; fix the files, or re-run with "
            + " ".join(f"--allow {r}" for r in rules)
            + " (or --skip-preflight) to apply them anyway"
        )
    return Preflight(shown, tuple(allow), allowed=allowed)


def _allowed(rule_id: str, allow: Sequence[str]) -> bool:
    return any(fnmatchcase(rule_id.upper(), pattern.upper()) for pattern in allow)
