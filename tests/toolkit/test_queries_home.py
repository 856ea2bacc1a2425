"""The toolkit's own SQL has one home, toolkit/queries/, and one loader, queries.load().

Static checks of the package (no server): no SQL file elsewhere in toolkit/, every name the
code loads exists, every file there is loaded by some code, and the package-data settings
ship the subfolders. The queries themselves are exercised by the catalog golden tests
(tests/toolkit/catalog), the engine and the RLS suites.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from toolkit import queries

TOOLKIT = Path(queries.__file__).resolve().parents[1]
HOME = TOOLKIT / "queries"
REPO = TOOLKIT.parent
LOAD = re.compile(r'queries\.load\(f?"([a-z_/{}]+)"\)')


def loaded_names() -> set[str]:
    names: set[str] = set()
    for source in TOOLKIT.rglob("*.py"):
        names |= set(LOAD.findall(source.read_text(encoding="utf-8")))
    return names


def test_no_sql_outside_the_home() -> None:
    stray = [p.relative_to(TOOLKIT) for p in TOOLKIT.rglob("*.sql") if HOME not in p.parents]
    assert stray == []


def test_every_loaded_name_exists_and_every_file_is_loaded() -> None:
    names = loaded_names()
    literal = {n for n in names if "{" not in n}
    templated = [n for n in names if "{" in n]
    patterns = [re.compile(re.sub(r"\\\{[a-z_]+\\\}", "[a-z_]+", re.escape(n))) for n in templated]
    files = {p.relative_to(HOME).with_suffix("").as_posix() for p in HOME.rglob("*.sql")}
    assert sorted(literal - files) == []
    for pattern in patterns:  # e.g. catalog/{kind}: one file per object kind
        assert any(pattern.fullmatch(f) for f in files), pattern.pattern
    unused = [f for f in files if f not in literal and not any(p.fullmatch(f) for p in patterns)]
    assert sorted(unused) == []


@pytest.mark.parametrize("name", ["state", "catalog/tables", "rls/attempts", "review/access"])
def test_load_reads_top_level_and_subfolder_files(name: str) -> None:
    text = queries.load(name)
    assert text == (HOME / f"{name}.sql").read_text(encoding="utf-8")
    assert text.startswith("--")  # every file opens with its header comment


def test_package_data_ships_the_subfolders() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    assert setuptools["packages"]["find"].get("namespaces", True)  # folders without __init__
    assert "*.sql" in setuptools["package-data"]["*"]
