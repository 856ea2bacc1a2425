"""The static rules see the bootstrap's default privileges, and agree with PostgreSQL: a
table a migration creates in public without revoking keeps TRUNCATE (and REFERENCES,
TRIGGER, MAINTAIN) for anon and authenticated — on the real server, and RLS012 says so at
the `create table` line; with `revoke all` neither the server nor the rule finds them."""

from __future__ import annotations

import pytest
from helpers import query, target
from loop_kit import PLAYLISTS, PLAYLISTS_ROLLBACK, make_project, write

from toolkit import engine
from toolkit.lint import lint_paths
from toolkit.project import Project

KEEPS_DEFAULTS = PLAYLISTS.replace("revoke all on public.playlists from anon, authenticated;\n", "")
DANGEROUS = ("truncate", "references", "trigger", "maintain")


@pytest.mark.parametrize("revokes", [False, True], ids=["keeps-defaults", "revokes"])
def test_default_privileges_on_the_server_and_in_lint(tmp_path, empty_db, revokes) -> None:
    root = make_project(tmp_path)
    migration = write(
        root, "sql/migrations/0002_playlists.sql", PLAYLISTS if revokes else KEEPS_DEFAULTS
    )
    write(root, "sql/migrations/0002_playlists.rollback.sql", PLAYLISTS_ROLLBACK)
    engine.migrate(target(empty_db), Project(root), allow=("RLS012",))
    held = {
        (role, privilege)
        for role in ("anon", "authenticated")
        for privilege in DANGEROUS
        if query(
            empty_db, "select has_table_privilege(%s, 'public.playlists', %s)", (role, privilege)
        )[0][0]
    }
    findings = [
        f for f in lint_paths([migration], root, sources=("rls",)).findings if f.rule_id == "RLS012"
    ]
    if revokes:
        assert held == set()
        assert findings == []
    else:
        assert held == {(r, p) for r in ("anon", "authenticated") for p in DANGEROUS}
        assert [(f.path, f.line, f.severity) for f in findings] == [
            ("sql/migrations/0002_playlists.sql", 4, "error")
        ]
        assert "keeps maintain, references, trigger, truncate for anon, authenticated" in (
            findings[0].message
        )
