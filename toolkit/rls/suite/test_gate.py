"""The coverage gate, and the proof that the gate sees what it must."""

from __future__ import annotations

from dataclasses import replace

from toolkit.rls.client import COUNTER, RLSClient
from toolkit.rls.executed import ExecutedMatrix
from toolkit.rls.gate import findings
from toolkit.rls.matrix import ALLOWED, DENIED, INVISIBLE, Matrix, TableEntry


def test_coverage_gate(
    rls_connection, rls_matrix: Matrix, rls_executed: ExecutedMatrix, rls_exclusive: bool
) -> None:
    """No table without RLS or matrix entry, no unattributed policy (when the run has its
    database to itself), no stray grant, no SECURITY DEFINER function without a pinned
    search_path or a refusal case."""
    found = findings(rls_connection, rls_matrix, rls_executed, attribute=rls_exclusive)
    COUNTER.assertion()
    assert not found, "coverage gate:\n" + "\n".join(f"  {f}" for f in found)


def test_gate_names_each_planted_gap(
    rls: RLSClient, rls_matrix: Matrix, rls_exclusive: bool
) -> None:
    """Plant an uncovered table, an extra policy, stray grants, two SECURITY DEFINER
    functions (one unpinned, one pinned to '' without pg_temp last) and a sequence usable
    by a client inside the test's (rolled-back) transaction: the gate names each.
    On a shared database no policy is planted: CREATE POLICY locks the table (ACCESS
    EXCLUSIVE) and attribution, which would name it, is off there."""
    first = sorted(rls_matrix.tables)[0]
    with rls.as_owner():
        rls.execute("create table public.rls_gate_uncovered (id int primary key)")
        if rls_exclusive:
            rls.execute(
                f"create policy rls_gate_extra on {first} for select to authenticated using (false)"
            )
        rls.execute(f"grant truncate on {first} to anon")
        rls.execute(f"grant references on {first} to authenticated")
        rls.execute(
            "create function public.rls_gate_definer() returns int language sql "
            "security definer as 'select 1'"
        )
        rls.execute("grant execute on function public.rls_gate_definer() to anon")
        rls.execute(
            "create function public.rls_gate_empty_path() returns int language sql "
            "security definer set search_path = '' as 'select 1'"
        )
        rls.execute("create sequence public.rls_gate_seq")
        rls.execute("grant usage on sequence public.rls_gate_seq to authenticated")
    found = {
        (f.check, f.subject)
        for f in findings(rls.conn, rls_matrix, tables=[first], attribute=rls_exclusive)
    }
    expected = {
        ("rls-disabled", "public.rls_gate_uncovered"),
        ("table-unlisted", "public.rls_gate_uncovered"),
        ("table-unprobed", "public.rls_gate_uncovered"),
        *([("policy-unattributed", f"{first}.rls_gate_extra")] if rls_exclusive else []),
        ("grant-unexpected", f"{first} truncate to anon"),
        ("grant-unexpected", f"{first} references to authenticated"),
        ("function-unlisted", "public.rls_gate_definer()"),
        ("definer-search-path", "public.rls_gate_definer()"),
        ("definer-search-path", "public.rls_gate_empty_path()"),
        ("sequence-privilege", "public.rls_gate_seq to authenticated"),
    }
    COUNTER.assertion(len(expected))
    missing = expected - found
    assert not missing, f"the gate missed: {sorted(missing)}\nit found: {sorted(found)}"


def _planted(matrix: Matrix, table: str, delete: str, update: str) -> TableEntry:
    """A matrix entry for a planted table: every persona may select; the signed-in ones
    get `delete` and `update` (outcome words), the other personas are denied both."""
    signed_in = set(matrix.vocabulary.of_role("authenticated"))
    personas = tuple(matrix.vocabulary.personas)

    def row(word: str) -> dict[str, str]:
        return {p: word if p in signed_in else DENIED for p in personas}

    cells = {"select": row(ALLOWED), "insert": row(DENIED), "truncate": row(DENIED)}
    cells |= {"update": row(update), "delete": row(delete)}
    return TableEntry(f"public.{table}", "planted by the gate self-test", personas, cells)


def _chain(*tables: str) -> str:
    return "->".join(f"public.rls_gate_{t}" for t in tables)


def test_gate_names_each_planted_cascade(
    rls: RLSClient, rls_matrix: Matrix, rls_executed: ExecutedMatrix, rls_exclusive: bool
) -> None:
    """Plant, inside the test's (rolled-back) transaction, a parent table signed-in users
    may delete some rows of (its rows cascade to their replies) and children no client may
    delete (or update) reached by ON DELETE CASCADE, a chain of two cascades and an ON
    DELETE SET NULL: the gate names each chain. A declared chain passes; a declaration of
    a chain that needs none, and one of a chain that does not exist, are named as stale.
    Only new tables are created and referenced: no lock on the schema's tables, so this
    runs on a shared database too."""
    parent = "public.rls_gate_parent"
    with rls.as_owner():
        rls.execute(
            f"create table {parent} (id int primary key, "
            f"up int references {parent} on delete cascade)"
        )
        for child, action in {
            "child": "cascade",
            "declared": "cascade",
            "free": "cascade",
            "note": "set null",
        }.items():
            rls.execute(
                f"create table public.rls_gate_{child} (id int primary key, "
                f"parent_id int references {parent} on delete {action})"
            )
        rls.execute(
            "create table public.rls_gate_grandchild (id int primary key, "
            "child_id int references public.rls_gate_child on delete cascade)"
        )
    some = next(iter(rls_matrix.vocabulary.words), INVISIBLE)  # a word short of `allowed`
    entries = [
        _planted(rls_matrix, "rls_gate_parent", delete=some, update=DENIED),
        _planted(rls_matrix, "rls_gate_child", delete=DENIED, update=DENIED),
        _planted(rls_matrix, "rls_gate_grandchild", delete=DENIED, update=DENIED),
        _planted(rls_matrix, "rls_gate_declared", delete=DENIED, update=DENIED),
        _planted(rls_matrix, "rls_gate_note", delete=ALLOWED, update=DENIED),
        _planted(rls_matrix, "rls_gate_free", delete=ALLOWED, update=ALLOWED),
    ]
    matrix = replace(
        rls_matrix,
        tables={**rls_matrix.tables, **{e.name: e for e in entries}},
        cascades={
            **rls_matrix.cascades,
            _chain("parent", "declared"): "planted: declared",
            _chain("parent", "free"): "planted: needs no declaration",
            _chain("child", "parent"): "planted: no such chain",
        },
    )
    found = {
        (f.check, f.subject)
        for f in findings(rls.conn, matrix, rls_executed, attribute=rls_exclusive)
    }
    expected = {
        ("cascade-undeclared", _chain("parent", "parent")),
        ("cascade-undeclared", _chain("parent", "child")),
        ("cascade-undeclared", _chain("parent", "child", "grandchild")),
        ("cascade-undeclared", _chain("parent", "note")),
        ("cascade-stale", _chain("parent", "free")),
        ("cascade-stale", _chain("child", "parent")),
    }
    COUNTER.assertion(len(expected) + 1)
    missing = expected - found
    assert not missing, f"the gate missed: {sorted(missing)}\nit found: {sorted(found)}"
    planted_found = {f for f in found if f[0].startswith("cascade") and "rls_gate_" in f[1]}
    assert planted_found == expected, f"unexpected: {sorted(planted_found - expected)}"
