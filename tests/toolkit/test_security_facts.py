"""One set of security facts (toolkit.security, from mashdb.toml) read by lint and review
alike: always-true policies as PostgreSQL stores them and as lint parses them, the API's
roles and exposed schemas, dangerous privileges."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import query

from toolkit import security
from toolkit.catalog import Change, Entry
from toolkit.errors import ConfigError
from toolkit.lint import lint_paths
from toolkit.lint.errors import LintConfigError
from toolkit.review import classify

CLAUSES = [
    ("true", True),
    ("(true)", True),
    ("'t'::boolean", True),
    ("1 = 1", True),
    ("owner_id is not null", False),
    ("1 = 2", False),
    ("false", False),
]


@pytest.mark.parametrize(("clause", "always"), CLAUSES)
def test_lint_and_the_catalog_agree_on_always_true_clauses(
    clause: str, always: bool, empty_db: str, tmp_path: Path
) -> None:
    """The same policy, as PostgreSQL stores it (review's input) and as lint reads it."""
    sql = (
        "create table public.t (id bigint primary key, owner_id bigint);\n"
        "alter table public.t enable row level security;\n"
        f"create policy t_write on public.t for update to authenticated using ({clause});\n"
    )
    query(empty_db, sql)
    stored = query(empty_db, "select qual from pg_catalog.pg_policies where policyname = 't_write'")
    assert security.is_always_true(stored[0][0]) is always
    (tmp_path / "sql" / "migrations").mkdir(parents=True)
    (tmp_path / "sql" / "migrations" / "0001_t.sql").write_text(sql)
    rule_ids = {f.rule_id for f in lint_paths([], tmp_path, sources=("rls",)).findings}
    assert ("RLS004" in rule_ids) is always


def project(tmp_path: Path, config: str, migration: str) -> Path:
    (tmp_path / "sql" / "migrations").mkdir(parents=True)
    (tmp_path / "sql" / "migrations" / "0001_a.sql").write_text(migration)
    (tmp_path / security.CONFIG_FILE).write_text(config)
    return tmp_path


def rls_rules(root: Path) -> set[str]:
    return {f.rule_id for f in lint_paths([], root, sources=("rls",)).findings}


def test_lint_reads_the_api_roles_of_mashdb_toml(tmp_path: Path) -> None:
    grant = "create table public.t (id bigint);\ngrant truncate on public.t to web;\n"
    assert "RLS011" not in rls_rules(project(tmp_path / "default", "", grant))
    assert "RLS011" in rls_rules(project(tmp_path / "web", '[api]\nroles = ["web"]\n', grant))


def test_lint_reads_the_exposed_schemas_of_mashdb_toml(tmp_path: Path) -> None:
    open_table = "create schema api;\ncreate table api.t (id bigint primary key);\n"
    assert "RLS001" not in rls_rules(project(tmp_path / "default", "", open_table))
    config = '[api]\nexposed_schemas = ["api"]\n'
    assert "RLS001" in rls_rules(project(tmp_path / "api", config, open_table))


def test_review_reads_the_same_roles_and_dangerous_privileges() -> None:
    def gain(grantee: str, privilege: str) -> Change:
        key = f"table:public.t:{grantee}:{privilege}"
        return Change("grants", key, "added", None, Entry(key))

    web = security.parse({"api": {"roles": ["web"]}})
    assert classify.schema_items([gain("web", "MAINTAIN")]) == []  # not an API role by default
    [item] = classify.schema_items([gain("web", "MAINTAIN")], web)
    assert item.severity == "dangerous"
    [item] = classify.schema_items([gain("web", "SELECT")], web)
    assert item.severity == "needs-review"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"apis": {}}, "unknown key"),
        ({"api": {"role": ["anon"]}}, r"\[api\]: unknown key"),
        ({"api": {"roles": "anon"}}, "expected a list"),
        ({"api": {"exposed_schemas": [""]}}, "expected a list"),
        ({"lint": []}, r"\[lint\] must be a table"),
    ],
)
def test_mashdb_toml_is_validated(document: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        security.parse(document)


def test_a_former_lint_config_file_is_one_clear_error(tmp_path: Path) -> None:
    root = project(tmp_path, "", "create table public.t (id bigint);\n")
    (root / ".mashdb-lint.toml").write_text("[severity]\n")
    with pytest.raises(LintConfigError, match=r"now live in the \[lint\] table of mashdb.toml"):
        lint_paths([], root, sources=("rls",))
