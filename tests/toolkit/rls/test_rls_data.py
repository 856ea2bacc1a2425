"""The RLS harness reads a project's matrix, world and probe rows as data, and knows no schema."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import REPO

from toolkit.errors import MashdbError
from toolkit.rls.matrix import load, load_project
from toolkit.rls.probes import parse_statements

PERSONAS = """
[personas]
anon = { role = "anon", required = true }
member = { role = "authenticated", user = "alice", required = true }
service_role = { role = "service_role", required = true }

[outcomes]
"own rows" = { rows = ["owner"] }
"""
TABLE = """
[tables.notes]
select = { anon = "denied", member = "own rows", service_role = "allowed" }
insert = { anon = "denied", member = "own rows", service_role = "allowed" }
update = { anon = "denied", member = "own rows", service_role = "allowed" }
delete = { anon = "denied", member = "own rows", service_role = "allowed" }
truncate = { anon = "denied", member = "denied", service_role = "allowed" }
"""
WORLD = """-- @alice
insert into auth.users (id, email) values (gen_random_uuid(), 'a@x') returning id;
-- @note_alice
insert into public.notes (user_id) values ({alice}) returning id;
"""
PROBES = """
[tables.notes]
rows = [{ row = "note_alice", owner = "alice" }]
update = { column = "body", value = "'x'" }
insert = [{ name = "own", values = { user_id = "{me}" }, owner = "me" }]
"""


def project(
    tmp_path: Path, matrix: str = PERSONAS + TABLE, world: str = WORLD, probes: str = PROBES
) -> Path:
    rls = tmp_path / "tests" / "rls"
    rls.mkdir(parents=True)
    (rls / "matrix.toml").write_text(matrix)
    (rls / "world.sql").write_text(world)
    (rls / "probes.toml").write_text(probes)
    return tmp_path


def test_the_toolkit_names_no_table_of_this_schema() -> None:
    """Everything schema-specific lives in tests/rls: no table of sql/ is named in toolkit/rls."""
    names = set(load_project(REPO).tables)
    for path in (REPO / "sql" / "migrations").glob("*.sql"):
        names |= set(re.findall(r"create table (?:if not exists )?(\w+\.\w+)", path.read_text()))
    tables = {n.split(".", 1)[1] for n in names}
    assert len(tables) > 20
    found = []
    for path in sorted((REPO / "toolkit" / "rls").rglob("*")):
        if path.suffix in (".py", ".sql", ".toml", ".md"):
            text = path.read_text()
            found += [
                f"{path.relative_to(REPO)}: {t}" for t in tables if re.search(rf"\b{t}\b", text)
            ]
    assert not found, found


def test_a_project_declares_its_personas_words_world_and_probes(tmp_path: Path) -> None:
    matrix = load_project(project(tmp_path))
    assert matrix.personas == ("anon", "member", "service_role")
    assert matrix.vocabulary.user("member") == "alice"
    assert list(matrix.vocabulary.outcomes) == ["allowed", "own rows", "denied", "invisible"]
    assert [s.label for s in matrix.world] == ["alice", "note_alice"]
    assert "{alice}" in matrix.world[1].text
    probe = matrix.probes["public.notes"]
    [(cand, labels)] = probe.candidates("member", "alice")
    assert labels.holds("owner", "alice") and not labels.holds("owner", "bob")
    assert probe.candidates("anon", None) == []  # a candidate that says `me` needs a user


def test_world_statements_keep_their_label_and_line() -> None:
    stmts = parse_statements("-- world\n\n-- @a\nselect 1 as a;\nselect {a}, '{x}';\n", "w.sql")
    assert [(s.label, s.line) for s in stmts] == [("a", 4), (None, 5)]
    assert stmts[1].text == "select {a}, '{x}'"


@pytest.mark.parametrize(
    "part, text, message",
    [
        ("matrix", TABLE, "[personas] declares nobody"),
        ("matrix", PERSONAS.replace('"anon"', '"root"', 1) + TABLE, "role 'root'"),
        ("matrix", PERSONAS.replace('user = "alice", ', "") + TABLE, "names its world `user`"),
        ("matrix", PERSONAS + '"mine" = { rows = [] }\n' + TABLE, "[outcomes.mine]"),
        (
            "matrix",
            PERSONAS + TABLE.replace('member = "own rows"', 'member = "mine"', 1),
            "unknown outcome 'mine'",
        ),
        ("matrix", "[meta]\nprobe = 'x'\n" + PERSONAS + TABLE, "[meta] knows"),
        ("world", WORLD + "-- @alice\nselect 1;\n", "label @alice is used twice"),
        ("world", "selec 1;", "syntax error"),
        ("probes", PROBES.replace("note_alice", "note_bob"), "'note_bob' is not a world row"),
        ("probes", PROBES.replace("update = ", "updates = "), "unknown key(s) ['updates']"),
        ("probes", PROBES.replace('owner = "alice"', "owner = 1"), "label owner = 1"),
        (
            "probes",
            PROBES.replace('name = "own"', 'name = "own", for = ["admin"]'),
            "unknown persona 'admin'",
        ),
        ("probes", PROBES.replace('"{me}"', "1"), "every value is a SQL expression"),
    ],
)
def test_bad_data_files_are_one_clear_error(tmp_path: Path, part: str, text: str, message: str):
    root = project(tmp_path, **{part: text})
    with pytest.raises(MashdbError) as info:
        load(root / "tests" / "rls" / "matrix.toml")
    assert message in str(info.value)
