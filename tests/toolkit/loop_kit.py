"""A tiny project in a real git repository, for the everyday-loop tests: the fixture in
tests/toolkit/fixtures/loop plus this repository's sql/bootstrap, mashdb.toml and
.sqlfluff, committed on `main`; the tests then branch and change it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "loop"


def git(root: Path, *args: str) -> str:
    """Run git in `root` (raising on failure); its stdout."""
    done = subprocess.run(
        [
            "git",
            "-C",
            str(root),
            "-c",
            "user.name=loop",
            "-c",
            "user.email=loop@example.org",
            *args,
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def make_project(root: Path) -> Path:
    """Write the loop project (no git) into `root`; return `root`."""
    shutil.copytree(FIXTURE / "sql", root / "sql")
    shutil.copytree(REPO / "sql" / "bootstrap", root / "sql" / "bootstrap")
    for name in ("mashdb.toml", ".sqlfluff"):
        shutil.copy(REPO / name, root / name)
    return root


def make_repo(root: Path) -> Path:
    """The loop project committed on `main` of a new git repository at `root`."""
    make_project(root)
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "base")
    return root


def write(root: Path, relative: str, text: str) -> Path:
    """Write `text` to `root/relative` (parents created); return the path."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


PLAYLISTS = """\
-- 0002_playlists: a user's playlists.
-- who: the owner, through the API (authenticated).
-- why: row level security on; the default privileges revoked; four commands granted.
create table public.playlists (
  id bigint generated always as identity primary key,
  owner_id uuid not null default auth.uid(),
  title text not null
);

alter table public.playlists enable row level security;
revoke all on public.playlists from anon, authenticated;
grant select, insert, update, delete on public.playlists to authenticated;
"""

PLAYLISTS_ROLLBACK = """\
-- 0002_playlists rollback: drop the playlists table.
drop table public.playlists;
"""
