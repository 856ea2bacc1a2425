"""Golden catalog tests in migra's style, one folder per object kind under `cases/`.

Each case holds `a.sql` and `b.sql` (two small schemas, each applied to an empty database),
`snapshot.json` (what the catalog must read from b: the entries b adds to an empty database,
for the kinds the case is about, the connecting role written as `<owner>`), `differences.txt`
(what `differences(a, b)` must report, one change a line) and `a_to_b.sql` / `b_to_a.sql`,
run as one mashdb migration and its rollback, which must converge on b and back on a.

The goldens are PostgreSQL 18's catalog (the embedded server's): another major version names
some things differently (17 has no NOT NULL constraint rows, 16 no MAINTAIN privilege).

The mutation test breaks each catalog query in turn (it returns no rows) and requires a
golden to notice, so no kind of the snapshot can silently go blind.

To rewrite the goldens after an intended catalog change, run this module with
MASHDB_REGENERATE_GOLDENS=1: each golden test writes its file and fails, so the new goldens
are reviewed as a diff before they are committed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from toolkit import catalog, db, engine, testdb
from toolkit.db import Target
from toolkit.project import Project
from toolkit.pytest_plugin import db_name

CASES_DIR = Path(__file__).parent / "cases"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if p.is_dir())
OWNER = "<owner>"
REGENERATE = os.environ.get("MASHDB_REGENERATE_GOLDENS") == "1"

Plain = dict[str, dict[str, dict[str, Any]]]


@dataclass(frozen=True)
class Built:
    """The databases of one module run: an empty baseline and every case's a and b."""

    owner: str
    empty: str
    a: dict[str, str]
    b: dict[str, str]


@pytest.fixture(scope="module")
def built(mashdb_server_url: str) -> Iterator[Built]:
    """Build the baseline and each case's a and b once; drop them after the module."""
    urls: list[str] = []

    def database(sql_file: Path | None) -> str:
        url = db.create_database(mashdb_server_url, testdb.unique_name("mashdb_golden"))
        urls.append(url)
        if sql_file is not None:
            with db.connect(url) as conn:
                conn.execute(sql_file.read_text())
        return url

    try:
        empty = database(None)
        with db.connect(empty) as conn:
            owner = conn.execute("select current_user").fetchone()[0]
        a = {case: database(CASES_DIR / case / "a.sql") for case in CASES}
        b = {case: database(CASES_DIR / case / "b.sql") for case in CASES}
        yield Built(owner, empty, a, b)
    finally:
        for url in urls:
            db.drop_database(mashdb_server_url, db_name(url))


def snap(url: str) -> catalog.Snapshot:
    with db.connect(url) as conn:
        return catalog.snapshot(conn)


def _name(text: str, owner: str) -> str:
    """`text` with the connecting role (a whole `:`-separated part) written as <owner>."""
    return ":".join(OWNER if part == owner else part for part in text.split(":"))


def added_entries(b: catalog.Snapshot, empty: catalog.Snapshot, owner: str) -> Plain:
    """The entries of `b` an empty database does not have identically, as plain data."""
    plain: Plain = {}
    for kind in catalog.KINDS:
        base = empty.kind(kind)
        for key, entry in b.kind(kind).items():
            if base.get(key) != entry:
                attrs = {k: OWNER if v == owner else v for k, v in entry.attrs}
                plain.setdefault(kind, {})[_name(key, owner)] = attrs
    return plain


def difference_lines(a: catalog.Snapshot, b: catalog.Snapshot, owner: str) -> list[str]:
    """`differences(a, b)` one change a line: `change kind key (changed fields)`."""
    lines = []
    for ch in catalog.differences(a, b):
        fields = f" ({', '.join(ch.changed_fields)})" if ch.changed_fields else ""
        lines.append(f"{ch.change} {ch.kind} {_name(ch.key, owner)}{fields}")
    return lines


def expected_snapshot(case: str) -> Plain:
    return json.loads((CASES_DIR / case / "snapshot.json").read_text())


def expected_differences(case: str) -> list[str]:
    return (CASES_DIR / case / "differences.txt").read_text().splitlines()


def observed_snapshot(case: str, built: Built, empty: catalog.Snapshot) -> Plain:
    """b's added entries, restricted to the kinds the case's golden is about."""
    added = added_entries(snap(built.b[case]), empty, built.owner)
    return {kind: added.get(kind, {}) for kind in expected_snapshot(case)}


def _regenerate(path: Path, text: str) -> None:
    path.write_text(text)
    pytest.fail(f"regenerated {path}; review the diff, then run without the variable")


@pytest.mark.parametrize("case", CASES)
def test_snapshot_of_b_matches_its_golden(case: str, built: Built) -> None:
    empty = snap(built.empty)
    if REGENERATE:
        added = added_entries(snap(built.b[case]), empty, built.owner)
        golden = {k: added.get(k, {}) for k in _golden_kinds(case)}
        text = json.dumps(golden, indent=2, sort_keys=True) + "\n"
        _regenerate(CASES_DIR / case / "snapshot.json", text)
    expected = expected_snapshot(case)
    assert expected, f"{case}: snapshot.json names no kind"
    assert all(expected.values()), f"{case}: snapshot.json has a kind without entries"
    assert observed_snapshot(case, built, empty) == expected


@pytest.mark.parametrize("case", CASES)
def test_differences_from_a_to_b_match_their_golden(case: str, built: Built) -> None:
    lines = difference_lines(snap(built.a[case]), snap(built.b[case]), built.owner)
    if REGENERATE:
        _regenerate(CASES_DIR / case / "differences.txt", "\n".join(lines) + "\n")
    expected = expected_differences(case)
    assert expected, f"{case}: differences.txt is empty"
    assert lines == expected


@pytest.mark.parametrize("case", CASES)
def test_migrating_a_to_b_and_rolling_back_converge(
    case: str, built: Built, mashdb_server_url: str, tmp_path: Path
) -> None:
    """a + the case's migration (through mashdb migrate) equals b; its rollback equals a."""
    migrations = tmp_path / "sql" / "migrations"
    migrations.mkdir(parents=True)
    (migrations / "0001_a_to_b.sql").write_text((CASES_DIR / case / "a_to_b.sql").read_text())
    (migrations / "0001_a_to_b.rollback.sql").write_text(
        (CASES_DIR / case / "b_to_a.sql").read_text()
    )
    project = Project(tmp_path)
    url = db.create_database(mashdb_server_url, testdb.unique_name("mashdb_golden"))
    try:
        with db.connect(url) as conn:
            conn.execute((CASES_DIR / case / "a.sql").read_text())
        target = Target(url, "golden")
        engine.migrate(target, project)
        assert catalog.differences(snap(url), snap(built.b[case])) == []
        engine.rollback(target, project, steps=1)
        assert catalog.differences(snap(url), snap(built.a[case])) == []
    finally:
        db.drop_database(mashdb_server_url, db_name(url))


@pytest.mark.parametrize("kind", catalog.KINDS)
def test_a_catalog_query_that_returns_nothing_fails_a_golden(
    kind: str, built: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With `kind`'s query made to return no rows, some golden must no longer match."""
    real = catalog._query

    def broken(name: str) -> str:
        sql = real(name)
        return f"select * from ({sql}) as broken where false" if name == kind else sql

    monkeypatch.setattr(catalog, "_query", broken)
    empty = snap(built.empty)
    failing = [
        case
        for case in CASES
        if observed_snapshot(case, built, empty) != expected_snapshot(case)
        or difference_lines(snap(built.a[case]), snap(built.b[case]), built.owner)
        != expected_differences(case)
    ]
    assert failing, f"no golden notices the {kind} query returning nothing"


def _golden_kinds(case: str) -> list[str]:
    """The kinds a case's golden is about: those its snapshot.json names, else its name."""
    path = CASES_DIR / case / "snapshot.json"
    return list(json.loads(path.read_text())) if path.exists() else [case]
