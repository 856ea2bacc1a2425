"""One lint gate: `make test` runs `mashdb lint` with the project's configuration, so a
sqlfluff finding fails it as raw sqlfluff did and the `-- mashdb-lint: ignore` directive
silences it there too; the files `mashdb new` writes pass it; a rollback without
statements is refused when the migrations are read, before anything runs."""

from __future__ import annotations

from helpers import REPO
from loop_kit import make_project, write


def test_make_test_runs_mashdb_lint_not_raw_sqlfluff() -> None:
    recipe = (REPO / "Makefile").read_text().split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "$(BIN)/mashdb lint sql" in recipe
    assert "sqlfluff lint" not in recipe


def test_a_sqlfluff_finding_fails_the_gate_and_an_inline_ignore_silences_it(cli, tmp_path) -> None:
    root = make_project(tmp_path)
    style = "sql/functions/zz_style.sql"
    write(root, style, "-- zz_style: a style mistake (upper-case keywords)\nSELECT 1 AS x;\n")
    failed = cli("--project", str(root), "lint", "sql")
    assert failed.exit_code == 1, failed.output
    assert f"{style}:2: error sqlfluff:CP01" in failed.output
    write(
        root,
        style,
        "-- zz_style: a style mistake (upper-case keywords)\n"
        "-- mashdb-lint: ignore sqlfluff:CP01 upper case kept to test the directive\n"
        "SELECT 1 AS x;\n",
    )
    silenced = cli("--project", str(root), "lint", "sql")
    assert silenced.exit_code == 0, silenced.output
    assert "sqlfluff:CP01" not in silenced.output
    assert "suppressed by ignores" in silenced.output


def test_the_files_mashdb_new_writes_pass_mashdb_lint(cli, tmp_path) -> None:
    root = make_project(tmp_path)
    created = cli("--project", str(root), "new", "add_playlists")
    assert created.exit_code == 0, created.output
    files = sorted((root / "sql" / "migrations").glob("0002_add_playlists*.sql"))
    assert [f.name for f in files] == [
        "0002_add_playlists.rollback.sql",
        "0002_add_playlists.sql",
    ]
    result = cli("--project", str(root), "lint", *map(str, files))
    assert result.exit_code == 0, result.output
    assert "No findings in 2 files" in result.output


def test_a_rollback_without_statements_is_refused_at_discovery(cli, project_copy, migrated_db):
    folder = project_copy.migrations_dir
    (folder / "9999_playlists.sql").write_text(
        "-- 9999_playlists: a table\n"
        "create table public.playlists (id bigint primary key);\n"
        "alter table public.playlists enable row level security;\n"
        "revoke all on public.playlists from anon, authenticated;\n"
    )
    (folder / "9999_playlists.rollback.sql").write_text("-- 9999_playlists rollback: TODO\n")
    args = ("--project", str(project_copy.root), "--database-url", migrated_db)
    migrate = cli(*args, "migrate")
    assert migrate.exit_code == 1
    assert "9999_playlists.rollback.sql: rollback without SQL statements" in migrate.stderr
    status = cli(*args, "status")
    assert status.exit_code == 0 and "invalid" in status.output, status.output
    (folder / "9999_playlists.rollback.sql").write_text(
        "-- 9999_playlists rollback\ndrop table public.playlists;\n"
    )
    assert cli(*args, "migrate").exit_code == 0
    assert cli(*args, "rollback").exit_code == 0
