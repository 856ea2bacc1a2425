"""types/database.ts, the committed types an app imports, is what `mashdb types` generates
from a database at head: a schema change that alters what the API serves shows in the diff
of the change that makes it."""

from __future__ import annotations

from helpers import REPO

from toolkit import security
from toolkit.db import connect
from toolkit.typegen import DEFAULT_OUTPUT, generate, header_command


def test_the_committed_types_are_current(migrated_db: str) -> None:
    config = security.load(REPO)
    with connect(migrated_db) as conn:
        text, _ = generate(conn, config.exposed_schemas, config.api_roles, header_command(None))
    committed = (REPO / DEFAULT_OUTPUT).read_text(encoding="utf-8")
    assert committed == text, (
        f"{DEFAULT_OUTPUT} is not what the schema generates: run `mashdb migrate` and "
        "`mashdb types` (on the embedded server, or --database-url of a database at head) "
        f"and commit {DEFAULT_OUTPUT}"
    )


def test_extension_functions_are_not_the_api() -> None:
    committed = (REPO / DEFAULT_OUTPUT).read_text(encoding="utf-8")
    for name in ("l2_distance", "vector_dims", "array_to_vector", "halfvec"):
        assert f"      {name}:" not in committed  # pgvector's, wherever the extension lives
    assert "      match_mashups: {" in committed
