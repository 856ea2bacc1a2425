"""Where a mashdb project's SQL lives: found by walking up from a directory to `sql/migrations`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import ConfigError


@dataclass(frozen=True)
class Project:
    """The folders of one database-first repository."""

    root: Path

    @property
    def sql(self) -> Path:
        return self.root / "sql"

    @property
    def bootstrap_dir(self) -> Path:
        return self.sql / "bootstrap"

    @property
    def migrations_dir(self) -> Path:
        return self.sql / "migrations"

    @property
    def functions_dir(self) -> Path:
        return self.sql / "functions"

    @property
    def policies_dir(self) -> Path:
        return self.sql / "policies"

    @property
    def state_dir(self) -> Path:
        """Git-ignored folder for the embedded server's data directory."""
        return self.root / ".mashdb"

    def relative(self, path: Path) -> str:
        """A path as the user sees it: relative to the project root when inside it."""
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)


def _project_root(start: Path) -> Path | None:
    here = start.resolve()
    return next((c for c in (here, *here.parents) if (c / "sql" / "migrations").is_dir()), None)


def has_project(start: Path) -> bool:
    """Whether `start` is in a mashdb project (it or a parent holds sql/migrations)."""
    return _project_root(start) is not None


def find_project(start: Path | None = None) -> Project:
    """Return the project containing `start` (default: the working directory)."""
    here = (start or Path.cwd()).resolve()
    root = _project_root(here)
    if root is None:
        raise ConfigError(
            f"no mashdb project found at or above {here}: expected a folder with sql/migrations/ "
            "(use --project PATH to point at one)"
        )
    return Project(root)
