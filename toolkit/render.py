"""Turn result objects into JSON-ready dicts and rich renderables. No I/O here."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.table import Table

if TYPE_CHECKING:  # types only: rendering a status must not import the migration engine
    from toolkit.embedded import ServerState
    from toolkit.engine import RunResult
    from toolkit.plan import Step
    from toolkit.rls_preflight import Preflight
    from toolkit.status import MigrationStatus, Status

_STATE_STYLE = {
    "applied": "green",
    "pending": "yellow",
    "changed": "yellow",
    "drifted": "bold red",
    "missing-file": "bold red",
    "invalid": "bold red",
    "orphaned": "red",
    "waiting": "dim",
    "platform": "cyan",
}


def to_jsonable(value: Any) -> Any:
    """Dataclasses, tuples and datetimes as plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def status_json(status: Status) -> dict[str, Any]:
    """The documented `mashdb status --json` object."""
    data = to_jsonable(status)
    data.update(
        current=status.current,
        head=status.head,
        pending=list(status.pending),
        drifted=[m.id for m in status.drifted],
        edited_locally=[m.id for m in status.edited_locally],
        invalid=[m.id for m in status.invalid],
        up_to_date=status.up_to_date,
    )
    return data


def status_tables(status: Status) -> list[Any]:
    """Header lines and tables for `mashdb status`."""
    boot = {
        "applied": "applied by mashdb",
        "changed": "applied by mashdb; files changed since (re-applied by migrate)",
        "platform": "skipped: auth.uid() is provided by the platform (Supabase)",
        "pending": "not applied yet (migrate applies it)",
        "none": "none (the project has no sql/bootstrap files)",
    }[status.bootstrap.state]
    lines = [
        f"target     {status.target}  [dim]({status.source})[/dim]",
        f"database   {status.database} as {status.role}, PostgreSQL {status.server_version}",
        f"bootstrap  {boot}",
        f"version    {status.current or 'empty'} (head {status.head or 'none'})",
    ]
    migrations = Table(title="versioned migrations", title_justify="left", box=None)
    for col in ("migration", "state", "applied at", "how"):
        migrations.add_column(col)
    for m in status.migrations:
        style = _STATE_STYLE.get(m.state, "")
        applied = m.applied_at.strftime("%Y-%m-%d %H:%M:%S") if m.applied_at else ""
        state = "edited locally" if m.edited_locally else m.state
        migrations.add_row(m.id, f"[{style}]{state}[/{style}]", applied, applied_how(m))
    repeatables = Table(title="repeatables", title_justify="left", box=None)
    for col in ("file", "state", "requires"):
        repeatables.add_column(col)
    for r in status.repeatables:
        style = _STATE_STYLE.get(r.state, "")
        repeatables.add_row(r.key, f"[{style}]{r.state}[/{style}]", r.requires or "")
    verdict = (
        "[green]up to date[/green]"
        if status.up_to_date
        else "[yellow]changes pending: run mashdb migrate[/yellow]"
    )
    if status.drifted:
        verdict = "[bold red]drift: applied migrations were edited (see mashdb migrate)[/bold red]"
    if status.drifted and len(status.edited_locally) == len(status.drifted):
        first = status.edited_locally[0].id
        verdict = (
            f"[yellow]edited locally (not on {status.base}): run mashdb reapply {first} to "
            "roll it back as applied and apply the edited file[/yellow]"
        )
    problems = [
        f"[bold red]invalid:[/bold red] {m.problem} (migrate refuses until it is fixed)"
        for m in status.invalid
    ]
    return [*lines, "", migrations, "", repeatables, "", *problems, verdict]


def applied_how(m: MigrationStatus) -> str:
    """How an applied migration came to be: 'migrated', 'baselined' or 'adopted from
    Supabase 001'; empty for a pending one."""
    if m.applied_by is None:
        return ""
    if m.applied_by == "supabase":
        return f"adopted from Supabase {m.source_version}"
    return {"migrate": "migrated", "baseline": "baselined"}.get(m.applied_by, m.applied_by)


def step_label(step: Step) -> str:
    """'apply migration 0002_mashups' and the like."""
    return f"{step.action:<9} {step.kind:<9} {step.name}"


def run_json(result: RunResult) -> dict[str, Any]:
    """The documented `--json` object of migrate and rollback."""
    return {
        "target": result.target,
        "dry_run": result.dry_run,
        "before": result.before,
        "after": result.after,
        "waited_seconds": round(result.waited_seconds, 3),
        "steps": [
            {**dataclasses.asdict(s.step), "seconds": round(s.seconds, 4)} for s in result.steps
        ],
        "losses": [dataclasses.asdict(loss) for loss in result.losses],
        "notes": list(result.notes),
        "preflight": None if result.preflight is None else preflight_json(result.preflight),
    }


def preflight_json(checked: Preflight) -> dict[str, Any]:
    """What the pre-flight checked and what `--allow` / `--skip-preflight` let through."""
    return {
        "checked": list(checked.checked),
        "skipped": checked.skipped,
        "skipped_by": checked.skipped_by or None,
        "allow": list(checked.allow),
        "allowed": [
            {"rule_id": f.rule_id, "path": f.path, "line": f.line, "message": f.message}
            for f in checked.allowed
        ],
    }


def server_json(state: ServerState) -> dict[str, Any]:
    return dataclasses.asdict(state)
