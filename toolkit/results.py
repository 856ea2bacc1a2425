"""What a migrating run is given (Options) and reports (StepResult, RunResult): defined
apart from the engine and its session, so that the no-op fast path (toolkit/noop.py) uses
the same settings and words the same result without importing the driver or the engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.dataloss import Drop
    from toolkit.plan import Step
    from toolkit.rls_preflight import Preflight


@dataclass(frozen=True)
class Options:
    """Session settings for migrate and rollback."""

    lock_timeout: str = "5s"
    statement_timeout: str = "15min"
    wait_timeout: float = 300.0
    supabase_history: bool | None = None  # write Supabase's history; None: as mashdb.toml says

    def settings(self) -> dict[str, str]:
        return {"lock_timeout": self.lock_timeout, "statement_timeout": self.statement_timeout}


@dataclass(frozen=True)
class StepResult:
    step: Step
    seconds: float


@dataclass(frozen=True)
class RunResult:
    """What migrate or rollback did (or, with dry_run, would do)."""

    target: str
    dry_run: bool
    before: str | None
    after: str | None
    steps: tuple[StepResult, ...]
    waited_seconds: float = 0.0
    losses: tuple[Drop, ...] = ()  # what a rollback drops that holds rows (the guard's list)
    drops: tuple[Drop, ...] = ()  # everything a rollback drops, empty or not
    notes: tuple[str, ...] = ()  # what the user should know about how it was done
    preflight: Preflight | None = None  # the RLS pre-flight of what was to run (None: nothing)
