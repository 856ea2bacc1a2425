"""The two sides of a review: the base ref's SQL (from git) and the working tree's."""

from __future__ import annotations

import io
import tarfile
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import UsageError
from toolkit.gitbase import git
from toolkit.project import Project
from toolkit.rls.matrix import default_path


@dataclass(frozen=True)
class Sides:
    """Base and head projects plus which SQL files differ between them."""

    base_ref: str
    base_commit: str
    base: Project
    head: Project
    changed_files: tuple[str, ...]  # relative to the project root, present in head


def materialise(head: Project, base_ref: str, into: Path) -> Sides:
    """Write `base_ref`'s sql/ and RLS probe data (the matrix's folder, when the ref has
    it) into `into`, and compare its sql/ with the working tree's."""
    commit = str(git(head.root, "rev-parse", "--verify", f"{base_ref}^{{commit}}")).strip()
    prefix = str(git(head.root, "rev-parse", "--show-prefix")).strip()
    folders = [f"{prefix}sql", f"{prefix}{default_path(Path()).parent.as_posix()}"]
    present = str(git(head.root, "ls-tree", "--name-only", commit, "--", *folders)).split()
    if folders[0] not in present:
        raise UsageError(f"{base_ref} has no {folders[0]}/: nothing to review against")
    archive = git(head.root, "archive", "--format=tar", commit, "--", *present, binary=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:  # type: ignore[arg-type]
        tar.extractall(into, filter="data")
    base = Project(into / prefix) if prefix else Project(into)
    changed = []
    for path in sorted(head.sql.rglob("*.sql")):
        rel = path.relative_to(head.root)
        other = base.root / rel
        if not other.exists() or other.read_bytes() != path.read_bytes():
            changed.append(rel.as_posix())
    return Sides(base_ref, commit, base, head, tuple(changed))
