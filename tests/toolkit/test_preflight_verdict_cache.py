"""migrate's RLS pre-flight verdict cache (toolkit/rls_preflight.py): an unchanged project
is judged once. A cached verdict refuses exactly as a fresh one (same findings, same
message); any change to a file's text, to which files are about to run or to mashdb.toml
is a new verdict; a corrupted entry is ignored; with the cache off every verdict is the
same. The entry is proven to be consulted by planting a finding in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from loop_kit import PLAYLISTS, PLAYLISTS_ROLLBACK, make_project, write

from toolkit import rls_preflight
from toolkit.project import Project
from toolkit.sqlfile import SqlFile
from toolkit.status import load_files

MIGRATION = "sql/migrations/0002_playlists.sql"
UNSAFE = PLAYLISTS.replace("alter table public.playlists enable row level security;\n", "")


@pytest.fixture(autouse=True)
def preflight_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite skips the pre-flight (tests/conftest.py); these tests are about it."""
    monkeypatch.delenv(rls_preflight.SKIP_ENV, raising=False)


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("MASHDB_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Project:
    root = make_project(tmp_path / "project")
    write(root, "sql/migrations/0002_playlists.rollback.sql", PLAYLISTS_ROLLBACK)
    return Project(root)


def verdicts(cache_dir: Path) -> list[Path]:
    return sorted(cache_dir.glob("preflight-*/*.json"))


def every_file(project: Project) -> list[SqlFile]:
    files = load_files(project)
    return [
        *files.bootstrap,
        *(m.apply for m in files.migrations),
        *(r.file for r in files.repeatables),
    ]


def refusal(project: Project) -> str:
    every = every_file(project)
    with pytest.raises(rls_preflight.PreflightRefused) as refused:
        rls_preflight.check(project, every, every)
    return str(refused.value)


def test_a_cached_refusal_is_the_same_refusal(project: Project, cache_dir: Path) -> None:
    write(project.root, MIGRATION, UNSAFE)
    fresh = refusal(project)
    assert f"{MIGRATION}:4: RLS001 row level security is disabled on public.playlists" in fresh
    [entry] = verdicts(cache_dir)
    assert refusal(project) == fresh  # from the entry
    assert verdicts(cache_dir) == [entry]


def test_the_entry_is_consulted(project: Project, cache_dir: Path) -> None:
    write(project.root, MIGRATION, PLAYLISTS)
    every = every_file(project)
    assert rls_preflight.check(project, every, every).allowed == ()
    [entry] = verdicts(cache_dir)
    assert json.loads(entry.read_text()) == []
    planted = ["RLS004", "error", MIGRATION, 7, "planted", "a hint", "rls"]
    entry.write_text(json.dumps([planted]))
    assert f"{MIGRATION}:7: RLS004 planted\n    hint: a hint" in refusal(project)
    allowed = rls_preflight.check(project, every, every, allow=["RLS004"]).allowed
    assert [(f.rule_id, f.line, f.message) for f in allowed] == [("RLS004", 7, "planted")]


def test_a_changed_file_is_judged_again(project: Project, cache_dir: Path) -> None:
    write(project.root, MIGRATION, PLAYLISTS)
    every = every_file(project)
    assert rls_preflight.check(project, every, every).allowed == ()
    write(project.root, MIGRATION, UNSAFE)
    assert "RLS001" in refusal(project)
    assert len(verdicts(cache_dir)) == 2


def test_what_runs_is_part_of_the_verdict(project: Project, cache_dir: Path) -> None:
    write(project.root, MIGRATION, UNSAFE)
    every = every_file(project)
    others = [f for f in every if f.name != MIGRATION]
    assert rls_preflight.check(project, every, others).allowed == ()  # 0002 does not run
    assert "RLS001" in refusal(project)  # 0002 runs: not the verdict above


def test_the_configuration_is_part_of_the_verdict(project: Project, cache_dir: Path) -> None:
    write(project.root, MIGRATION, UNSAFE)
    assert "RLS001" in refusal(project)
    config = project.root / "mashdb.toml"
    config.write_text(
        config.read_text()
        + '\n[[lint.ignore]]\npath = "sql/migrations/0002_*.sql"\nrules = ["RLS001"]\n'
        'reason = "a test of the verdict cache"\n'
    )
    every = every_file(project)
    assert rls_preflight.check(project, every, every).allowed == ()


@pytest.mark.parametrize("damage", ["{not json", '{"rows": 1}', '[["RLS001", "fatal"]]'])
def test_a_corrupt_entry_is_ignored_and_rewritten(
    project: Project, cache_dir: Path, damage: str
) -> None:
    write(project.root, MIGRATION, UNSAFE)
    fresh = refusal(project)
    [entry] = verdicts(cache_dir)
    entry.write_text(damage)
    assert refusal(project) == fresh
    assert json.loads(entry.read_text())[0][:4] == ["RLS001", "error", MIGRATION, 4]


def test_without_the_cache_the_verdicts_are_the_same(
    project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    write(project.root, MIGRATION, UNSAFE)
    monkeypatch.setenv("MASHDB_CACHE_DIR", "")
    uncached = refusal(project)
    monkeypatch.setenv("MASHDB_CACHE_DIR", str(tmp_path / "cache"))
    assert refusal(project) == uncached  # judged and stored
    assert refusal(project) == uncached  # read back
    assert len(list((tmp_path / "cache").glob("preflight-*/*.json"))) == 1
