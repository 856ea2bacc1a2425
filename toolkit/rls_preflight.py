"""migrate's pre-flight: before anything runs, the SQL about to run is checked with the
static RLS rules that are errors (a table without RLS, default privileges kept, an
always-true write policy, …), with the project's lint configuration and ignores.

The rules judge the head state the project's files build (the same model `mashdb lint`
uses), but only findings located in the files about to run refuse: a pending migration,
a function or policy file about to be (re)applied, the bootstrap. `allow` (rule id globs)
lets named rules through, `skip` (or the environment variable MASHDB_SKIP_PREFLIGHT) skips
the check; either is reported, never silent.
The statements migrate already parsed are reused, not parsed again, and a verdict is cached
(toolkit/sqlcache.py's folder, keyed by the exact text of every file read, the project's
configuration and the toolkit's code): an unchanged project is judged once, not on every
migrate of a fresh database. Only a verdict is cached, never a refusal's absence: a cached
error refuses exactly as a fresh one.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

from toolkit import sqlcache
from toolkit.errors import MashdbError
from toolkit.project import Project
from toolkit.sqlfile import SqlFile

if TYPE_CHECKING:  # the linter is imported only when something is checked
    from toolkit.lint.finding import Finding

VERDICT_FORMAT = 1
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
    errors = _errors(project, list(files), about_to_run)
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


def _errors(
    project: Project, files: list[SqlFile], about_to_run: Sequence[SqlFile]
) -> list[Finding]:
    """The error findings of the RLS rules in `about_to_run`, from the verdict cache when
    the same files, configuration and code were judged before, else from the linter."""
    key = _verdict_key(project, files, about_to_run)
    where = sqlcache.cache_root()
    where = where / f"preflight-v{VERDICT_FORMAT}-{sqlcache.code_build()}" if where else None
    if where is not None:
        cached = _findings(sqlcache.read_entry(where, key))
        if cached is not None:
            return cached
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
    if where is not None:
        sqlcache.write_entry(where, key, [list(astuple(f)) for f in errors])
    return errors


def _verdict_key(project: Project, files: list[SqlFile], about_to_run: Sequence[SqlFile]) -> str:
    """What a verdict follows from: the project's root and its TOML files, every file
    migrate read (path and exact text), and which of them are about to run."""
    digest = hashlib.sha256()
    root = project.root.resolve()
    parts: list[str] = [str(root)]
    # the configuration (mashdb.toml, and a former lint file the linter refuses) is TOML
    for path in sorted(root.glob("*.toml")) + sorted(root.glob(".*.toml")):
        parts += [path.name, path.read_text(encoding="utf-8", errors="replace")]
    for f in files:
        parts += [str(f.path), hashlib.sha256(f.text.encode("utf-8", "surrogatepass")).hexdigest()]
    parts.append("about to run:")
    parts += [str(f.path) for f in about_to_run]
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _findings(entry: object) -> list[Finding] | None:
    """A cached verdict back as findings, or None when it is not one (corrupted, foreign)."""
    if not isinstance(entry, list):
        return None
    if not entry:  # the usual verdict: nothing to refuse (and no need to import the linter)
        return []
    from toolkit.lint.finding import Finding

    found = []
    for row in entry:
        if not (
            isinstance(row, list)
            and len(row) == 7
            and all(isinstance(v, str) for v in (row[0], row[2], row[4]))
            and (row[3] is None or type(row[3]) is int)
            and (row[5] is None or isinstance(row[5], str))
        ):
            return None
        try:
            found.append(Finding(*row))
        except ValueError:  # an unknown severity or source
            return None
    return found


def _allowed(rule_id: str, allow: Sequence[str]) -> bool:
    return any(fnmatchcase(rule_id.upper(), pattern.upper()) for pattern in allow)
