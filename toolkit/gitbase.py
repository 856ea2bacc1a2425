"""The git base a branch is compared with: which SQL files it changed, which exist there.

`lint --changed` lints what a branch changed; `reapply` and the drift checks tell a
migration that exists only on this branch (editable) from one that exists on the base
branch (merged, immutable). The base is `--base REF`, by default `origin/main` when that
ref exists, else `main`. Reads the repository only; never writes to it.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import UsageError

DEFAULT_BASES = ("origin/main", "main")


def git(root: Path, *args: str, binary: bool = False) -> bytes | str:
    """Run `git -C root ARGS`; its stdout. A failure is one UsageError line."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)
    except FileNotFoundError as exc:
        raise UsageError("git is not installed; this command compares with a git base") from exc
    except subprocess.CalledProcessError as exc:
        message = exc.stderr.decode(errors="replace").strip().splitlines()
        raise UsageError(f"git {' '.join(args)}: {message[-1] if message else exc}") from exc
    return done.stdout if binary else done.stdout.decode()


def _try(root: Path, *args: str) -> str | None:
    """`git -C root ARGS`'s stdout, or None when it fails (or git is missing)."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True)
    except FileNotFoundError:
        return None
    return done.stdout.decode() if done.returncode == 0 else None


@dataclass(frozen=True)
class Base:
    """A resolved base ref of the repository holding a project."""

    root: Path  # the project root (git runs there; paths are relative to it)
    ref: str
    commit: str
    merge_base: str  # where this branch left the base: what "changed" is measured from

    def has(self, relative: str) -> bool:
        """Whether the file `relative` (to the project root) exists in the base ref's tree."""
        return _try(self.root, "cat-file", "-e", f"{self.commit}:./{relative}") is not None

    def changed(self, folder: str = "sql") -> tuple[str, ...]:
        """Files under `folder` that this branch added or modified since it left the base,
        committed or not (untracked files included), relative to the project root; deleted
        files are left out."""
        diff = str(
            git(self.root, "diff", "--name-only", "--relative", self.merge_base, "--", folder)
        )
        untracked = str(git(self.root, "ls-files", "--others", "--exclude-standard", "--", folder))
        names = {line for line in (diff + untracked).splitlines() if line}
        return tuple(sorted(n for n in names if (self.root / n).is_file()))

    def texts(self, folder: str = "sql") -> dict[str, str]:
        """Every file under `folder` as it was where the branch left the base: relative
        path (to the project root) -> text."""
        if _try(self.root, "cat-file", "-e", f"{self.merge_base}:./{folder}") is None:
            return {}
        archive = git(
            self.root, "archive", "--format=tar", f"{self.merge_base}:./{folder}", binary=True
        )
        import io
        import tarfile

        found = {}
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:  # type: ignore[arg-type]
            for member in tar.getmembers():
                handle = tar.extractfile(member) if member.isfile() else None
                if handle is not None:
                    found[f"{folder}/{member.name}"] = handle.read().decode("utf-8", "replace")
        return found


def resolve(root: Path, ref: str | None = None) -> Base:
    """The base `ref` (default: origin/main if it exists, else main) of the repository
    holding `root`. Not a git repository, or a base that does not exist, is a UsageError."""
    if _try(root, "rev-parse", "--git-dir") is None:
        raise UsageError(
            f"{root} is not in a git repository: cannot tell what the branch changed or "
            "which migrations exist on the base branch"
        )
    if ref is None:
        ref = next((r for r in DEFAULT_BASES if _verify(root, r)), None)
        if ref is None:
            raise UsageError("no base branch: neither origin/main nor main exists; pass --base REF")
    commit = _verify(root, ref)
    if commit is None:
        raise UsageError(f"base ref {ref!r} not found in the repository at {root}")
    # a repository without commits yet, or unrelated histories: measure from the base itself
    merge_base = (_try(root, "merge-base", commit, "HEAD") or "").strip() or commit
    return Base(root, ref, commit, merge_base)


def _verify(root: Path, ref: str) -> str | None:
    found = _try(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    return found.strip() if found else None


@dataclass(frozen=True)
class Locality:
    """Which migrations exist only on this branch (editable: `mashdb reapply`) and which
    exist on the base (merged: immutable). `reason` says why it could not be told."""

    base: str | None
    local: frozenset[str]
    reason: str | None = None

    def is_local(self, migration_id: str) -> bool:
        """Whether the migration's file does not exist on the base (known only with a base)."""
        return self.base is not None and migration_id in self.local


def locality(root: Path, files: dict[str, str], ref: str | None = None) -> Locality:
    """For `files` (migration id -> its apply file relative to `root`), which are not on
    the base `ref`; without a usable repository or base, nothing is local and `reason`
    says why."""
    try:
        base = resolve(root, ref)
    except UsageError as exc:
        return Locality(None, frozenset(), str(exc))
    return Locality(base.ref, frozenset(m for m, rel in files.items() if not base.has(rel)))
