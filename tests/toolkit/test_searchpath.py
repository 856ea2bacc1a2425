"""The SECURITY DEFINER search_path rule that lint, the RLS gate and review share."""

from __future__ import annotations

import pytest

from toolkit import searchpath


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("pg_catalog, pg_temp", True),
        ('pg_catalog, "pg_temp"', True),
        ("pg_catalog, extensions, pg_temp", True),
        ("''", False),
        ('""', False),
        ("pg_catalog, public", False),
        ("pg_temp, pg_catalog", False),
        ("public, pg_catalog, pg_temp", False),
        (None, False),
    ],
)
def test_is_safe(value: str | None, safe: bool) -> None:
    assert searchpath.is_safe(value) is safe


@pytest.mark.parametrize(
    ("config", "path"),
    [
        (["search_path=pg_catalog, pg_temp"], "pg_catalog, pg_temp"),
        ("search_path=pg_catalog, pg_temp,hnsw.ef_search=400", "pg_catalog, pg_temp"),
        ('hnsw.ef_search=400,search_path=""', '""'),
        (["hnsw.ef_search=400"], None),
        (None, None),
    ],
)
def test_from_config(config, path: str | None) -> None:
    assert searchpath.from_config(config) == path
