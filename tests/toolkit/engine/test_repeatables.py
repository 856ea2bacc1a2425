"""Repeatable function and policy files: re-applied only when their content changes."""

from __future__ import annotations

import pytest
from helpers import query, target

from toolkit import engine, status
from toolkit.errors import ProjectError
from toolkit.migrations import load_migrations
from toolkit.repeatables import load_repeatables


def applied_keys(result: engine.RunResult) -> list[str]:
    return [s.step.name for s in result.steps]


def test_unchanged_files_are_not_reapplied_changed_ones_are(migrated_db, project_copy):
    assert engine.migrate(target(migrated_db), project_copy).steps == ()

    policy = project_copy.policies_dir / "follows.sql"
    policy.write_text(policy.read_text() + "\n-- reviewed again\n")
    function = project_copy.functions_dir / "mashups.sql"
    function.write_text(function.read_text() + "\n-- touched\n")
    st = status.get_status(target(migrated_db), project_copy)
    changed = {r.key for r in st.repeatables if r.state == "changed"}
    assert changed == {"policies/follows.sql", "functions/mashups.sql"}

    result = engine.migrate(target(migrated_db), project_copy)
    assert sorted(applied_keys(result)) == ["functions/mashups.sql", "policies/follows.sql"]
    assert {s.step.action for s in result.steps} == {"reapply"}
    assert engine.migrate(target(migrated_db), project_copy).steps == ()


def test_policy_file_replaces_the_tables_policies_as_a_whole(migrated_db, project_copy):
    names = {
        r[0]
        for r in query(
            migrated_db, "select policyname from pg_policies where tablename = 'follows'"
        )
    }
    assert len(names) >= 2
    policy = project_copy.policies_dir / "follows.sql"
    header = "".join(
        line + "\n" for line in policy.read_text().splitlines() if line.startswith("--")
    )
    policy.write_text(
        header + "create policy follows_select_all on public.follows\n"
        "  for select to anon, authenticated using (true);\n"
    )
    engine.migrate(target(migrated_db), project_copy)
    after = {
        r[0]
        for r in query(
            migrated_db, "select policyname from pg_policies where tablename = 'follows'"
        )
    }
    assert after == {"follows_select_all"}


def test_function_removed_from_its_file_is_dropped(migrated_db, project_copy):
    path = project_copy.functions_dir / "extra.sql"
    path.write_text(
        "-- a helper for this test\n-- requires: 0002_mashups\n"
        "create or replace function public.tmp_one(x integer) returns integer\n"
        "language sql immutable as $$ select x + 1 $$;\n"
        "create or replace function public.tmp_two() returns integer\n"
        "language sql immutable as $$ select 2 $$;\n"
    )
    engine.migrate(target(migrated_db), project_copy)
    assert query(migrated_db, "select public.tmp_one(1), public.tmp_two()") == [(2, 2)]
    path.write_text(
        "-- a helper for this test\n-- requires: 0002_mashups\n"
        "create or replace function public.tmp_one(x integer) returns integer\n"
        "language sql immutable as $$ select x + 10 $$;\n"
    )
    engine.migrate(target(migrated_db), project_copy)
    assert query(migrated_db, "select public.tmp_one(1)") == [(11,)]
    assert query(migrated_db, "select to_regprocedure('public.tmp_two()')") == [(None,)]
    path.unlink()
    result = engine.migrate(target(migrated_db), project_copy)
    assert [(s.step.action, s.step.name) for s in result.steps] == [
        ("remove", "functions/extra.sql")
    ]
    assert query(migrated_db, "select to_regprocedure('public.tmp_one(integer)')") == [(None,)]


@pytest.mark.parametrize(
    ("folder", "name", "text", "message"),
    [
        (
            "policies",
            "follows.sql",
            "-- no requires\ncreate policy p on public.follows for select to anon using (true);\n",
            "need '-- requires:",
        ),
        (
            "policies",
            "follows.sql",
            "-- requires: 0003_mashup_social\ncreate policy p on "
            "public.mashups for select to anon using (true);\n",
            "owns the policies of public.follows",
        ),
        (
            "functions",
            "bad.sql",
            "-- requires: 0002_mashups\ncreate table public.t (id int);\n",
            "tables belong in migrations",
        ),
        (
            "functions",
            "bad.sql",
            "-- requires: 0002_mashups\ncreate function public.f() "
            "returns int language sql as $$ select 1 $$;\n",
            "create or replace function",
        ),
        (
            "functions",
            "bad.sql",
            "-- requires: 9999_nothing\ncreate or replace function "
            "public.f() returns int language sql as $$ select 1 $$;\n",
            "names no migration",
        ),
        (
            "functions",
            "bad.sql",
            "-- depends: functions/nope.sql\ncreate or replace function "
            "public.f() returns int language sql as $$ select 1 $$;\n",
            "unknown repeatable",
        ),
    ],
)
def test_malformed_repeatables_are_refused_before_anything_runs(
    project_copy, folder, name, text, message
):
    (project_copy.sql / folder / name).write_text(text)
    with pytest.raises(ProjectError, match=message):
        load_repeatables(project_copy, load_migrations(project_copy))


def test_order_puts_functions_first_and_respects_depends(repo_project):
    reps = load_repeatables(repo_project, load_migrations(repo_project))
    position = {r.key: i for i, r in enumerate(reps)}
    for rep in reps:
        for dep in rep.depends:
            assert position[dep] < position[rep.key]
    first_policy = min(i for i, r in enumerate(reps) if r.kind == "policy")
    assert all(r.kind == "function" for r in reps[:first_policy])
