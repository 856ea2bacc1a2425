"""The executed matrix as plain data: per-case results and the outcome word they earn.

`execute_matrix` (toolkit/rls/executed.py) produces an `ExecutedMatrix`; the renderers,
the coverage gate, `policies --table` and review read it. An outcome is derived from
which probe rows a command worked on, named with the matrix's vocabulary, never from
policy text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from toolkit.rls.client import ALLOWED, DENIED, ERROR, INVISIBLE
from toolkit.rls.matrix import Vocabulary
from toolkit.rls.probes import Labels


@dataclass(frozen=True)
class TargetResult:
    name: str
    kind: str  # allowed | denied | invisible | error
    labels: Labels
    sqlstate: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class Cell:
    """One table x command (x column) x persona case, as executed."""

    table: str
    command: str
    persona: str
    results: tuple[TargetResult, ...]
    vocabulary: Vocabulary = field(compare=False, repr=False)
    column: str | None = None

    @property
    def key(self) -> str:
        col = f".{self.column}" if self.column else ""
        return f"{self.table}:{self.command}{col}:{self.persona}"

    @property
    def worked(self) -> frozenset[str]:
        return frozenset(r.name for r in self.results if r.kind == ALLOWED)

    @property
    def outcome(self) -> str:
        """The executed outcome word (the first declared word that names the rows)."""
        return name_results(self.results, self.persona, self.vocabulary)

    def satisfies(self, word: str) -> bool:
        """Whether the executed results are exactly what `word` promises."""
        if any(r.kind == ERROR for r in self.results) or not self.results:
            return False
        if word in (DENIED, INVISIBLE):
            return all(r.kind == word for r in self.results)
        selects = self.vocabulary.selects
        want = frozenset(r.name for r in self.results if selects(word, r.labels, self.persona))
        return bool(want) and want == self.worked

    def shown(self, expected: str | None = None) -> str:
        """The outcome to display: the expected word when it holds (ties), else the executed one."""
        if expected is not None and self.satisfies(expected):
            return expected
        return self.outcome

    def explain(self) -> str:
        return "; ".join(
            f"{r.name}: {r.kind}{f' {r.sqlstate}' if r.sqlstate and r.kind != ALLOWED else ''}"
            for r in self.results
        )


def name_results(results: tuple[TargetResult, ...], persona: str, vocabulary: Vocabulary) -> str:
    if not results:
        return "no probe rows"
    errors = [r for r in results if r.kind == ERROR]
    if errors:
        return "error " + ", ".join(sorted({f"{r.sqlstate} on {r.name}" for r in errors}))
    worked = frozenset(r.name for r in results if r.kind == ALLOWED)
    if not worked:
        kinds = {r.kind for r in results}
        return kinds.pop() if len(kinds) == 1 else "denied/invisible"
    if len(worked) == len(results):
        return "allowed"
    for word in vocabulary.words:
        if (
            frozenset(r.name for r in results if vocabulary.selects(word, r.labels, persona))
            == worked
        ):
            return word
    return "only " + ", ".join(sorted(worked))


@dataclass(frozen=True)
class FunctionCell:
    function: str
    persona: str
    outcome: str  # allowed | denied | error XXXXX
    sqlstate: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class RefusalResult:
    function: str
    persona: str
    call: str
    expect: str
    got: str
    ok: bool


@dataclass
class ExecutedMatrix:
    """What actually happened; keyed by table -> command -> persona."""

    cells: dict[tuple[str, str, str], Cell] = field(default_factory=dict)
    columns: dict[tuple[str, str, str], Cell] = field(
        default_factory=dict
    )  # table, column, persona
    functions: dict[tuple[str, str], FunctionCell] = field(default_factory=dict)
    refusals: list[RefusalResult] = field(default_factory=list)
    attribution: dict[str, tuple[str, ...]] | None = None  # schema.table.policy -> case keys
    unprobed: tuple[str, ...] = ()
    persona_order: tuple[str, ...] = ()
    attempts: int = 0
    seconds: float = 0.0

    @property
    def tables(self) -> list[str]:
        return sorted({t for t, _, _ in self.cells})

    def personas(self, table: str | None = None) -> list[str]:
        """The personas with cells (of `table`, or of any table), in the matrix's order."""
        have = {p for t, _, p in self.cells if table is None or t == table}
        return [p for p in self.persona_order if p in have]

    def outcome(self, table: str, command: str, persona: str) -> str:
        return self.cells[(table, command, persona)].outcome

    def as_dict(self) -> dict[str, Any]:
        """A stable JSON-able form (what `mashdb policies --format json` prints)."""
        tables: dict[str, Any] = {}
        for (t, c, p), cell in sorted(self.cells.items()):
            tables.setdefault(t, {}).setdefault(c, {})[p] = cell.outcome
        for (t, col, p), cell in sorted(self.columns.items()):
            tables.setdefault(t, {}).setdefault("columns", {}).setdefault(col, {})[p] = cell.outcome
        funcs: dict[str, Any] = {}
        for (f, p), fc in sorted(self.functions.items()):
            funcs.setdefault(f, {})[p] = fc.outcome
        out: dict[str, Any] = {"tables": tables, "functions": funcs}
        if self.attribution is not None:
            out["policies"] = {k: list(v) for k, v in sorted(self.attribution.items())}
        return out
