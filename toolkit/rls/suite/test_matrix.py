"""Every case of the access matrix, compared with what the database actually does."""

from __future__ import annotations

from toolkit.rls.client import COUNTER, RLSAssertionError
from toolkit.rls.executed import ExecutedMatrix
from toolkit.rls.fixtures import Case
from toolkit.rls.matrix import Matrix


def test_rls_case(rls_case: Case, rls_executed: ExecutedMatrix, rls_matrix: Matrix) -> None:
    """One table x command x persona (or column rule, function caller, refusal) case."""
    case = rls_case
    if case.kind in ("cell", "column"):
        cells = rls_executed.cells if case.kind == "cell" else rls_executed.columns
        cell = cells.get(case.key)
        if cell is None:
            raise RLSAssertionError(f"{case.id}: not executed (no probe rows for {case.key[0]}?)")
        COUNTER.assertion(len(cell.results))  # one assertion per probe row
        if not cell.satisfies(case.expected):
            promise = rls_matrix.vocabulary.outcomes[case.expected]
            raise RLSAssertionError(
                f"{cell.key}: expected {case.expected!r} ({promise}), "
                f"got {cell.outcome!r}\n  per probe row: {cell.explain()}"
            )
    elif case.kind == "function":
        fn = rls_executed.functions[case.key]
        COUNTER.assertion()
        if fn.outcome != case.expected:
            raise RLSAssertionError(
                f"{case.key[0]} called as {case.key[1]}: expected {case.expected}, got "
                f"{fn.outcome} ({fn.sqlstate}: {fn.message})\n"
                f"  call: {rls_matrix.functions[case.key[0]].call}"
            )
    else:
        name, index = case.key
        done = [r for r in rls_executed.refusals if r.function == name]
        result = done[int(index)]
        COUNTER.assertion()
        if not result.ok:
            raise RLSAssertionError(
                f"{name} refusal as {result.persona}: expected {result.expect}, got {result.got}\n"
                f"  call: {result.call}"
            )
