"""The coverage gate, and the proof that the gate sees what it must."""

from __future__ import annotations

from toolkit.rls.client import COUNTER, RLSClient
from toolkit.rls.executed import ExecutedMatrix
from toolkit.rls.gate import findings
from toolkit.rls.matrix import Matrix


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
