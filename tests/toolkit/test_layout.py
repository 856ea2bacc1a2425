"""Tests by subject: a failure's path says whether the toolkit or this schema broke.

tests/schema/ and tests/rls/ test this project's schema and its policies; tests/toolkit/
tests the toolkit, on tiny fixture projects or on a copy of this one. A test file anywhere
else would leave that question open.
"""

from __future__ import annotations

from helpers import REPO

SUBJECTS = ("schema", "rls", "toolkit")


def test_every_test_file_lives_under_its_subject() -> None:
    tests = REPO / "tests"
    misplaced = sorted(
        str(path.relative_to(tests))
        for path in tests.rglob("test_*.py")
        if path.relative_to(tests).parts[0] not in SUBJECTS
    )
    assert misplaced == [], (
        f"test files outside tests/{{{','.join(SUBJECTS)}}}/: {misplaced}; move each to "
        "tests/schema/ or tests/rls/ (this schema) or tests/toolkit/<area>/ (the toolkit)"
    )


def test_the_subjects_hold_tests() -> None:
    for subject in SUBJECTS:
        assert any((REPO / "tests" / subject).rglob("test_*.py")), subject
