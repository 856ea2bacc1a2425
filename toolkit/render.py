"""Turn result objects into JSON-ready dicts, rich renderables, or the plain text rich would
print for them without colour. No I/O here."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # types only: rendering a status must not import the migration engine
    from toolkit.embedded import ServerState
    from toolkit.plan import Step
    from toolkit.results import RunResult
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


@dataclass(frozen=True)
class Grid:
    """A table before it is drawn: its title, column names and rows of rich markup."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def status_tables(status: Status) -> list[Any]:
    """Header lines and tables for `mashdb status`, as rich renderables."""
    return to_rich(status_parts(status))


def to_rich(parts: Sequence[str | Grid]) -> list[Any]:
    """`parts` for a rich console: markup lines as they are, each Grid as a rich Table."""
    from rich.table import Table  # only for text: `status --json` never imports rich

    def table(grid: Grid) -> Table:
        drawn = Table(title=grid.title, title_justify="left", box=None)
        for col in grid.columns:
            drawn.add_column(col)
        for row in grid.rows:
            drawn.add_row(*row)
        return drawn

    return [table(part) if isinstance(part, Grid) else part for part in parts]


def status_parts(status: Status) -> list[str | Grid]:
    """Header lines (rich markup) and tables for `mashdb status`."""
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
    migrations = Grid(
        "versioned migrations",
        ("migration", "state", "applied at", "how"),
        tuple(
            (
                m.id,
                _styled("edited locally" if m.edited_locally else m.state, m.state),
                m.applied_at.strftime("%Y-%m-%d %H:%M:%S") if m.applied_at else "",
                applied_how(m),
            )
            for m in status.migrations
        ),
    )
    repeatables = Grid(
        "repeatables",
        ("file", "state", "requires"),
        tuple((r.key, _styled(r.state, r.state), r.requires or "") for r in status.repeatables),
    )
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


PIPE_WIDTH = 160  # the console's width when stdout is no terminal (toolkit/console.py)
# What plain_text may strip: the markup the renderers here write (rich draws them as colour).
_TAGS = tuple(
    tag for style in {*_STATE_STYLE.values(), "dim"} for tag in (f"[{style}]", f"[/{style}]")
)
# rich's pattern for emoji codes (":smile:"), and the characters of every code rich knows:
# a candidate made of others is left alone by rich, as are numbers (13:37:50) that are no
# code; tests/toolkit/cli/test_noop_fastpath.py checks both against the installed rich.
EMOJI_CODE = re.compile(r"(:(\S*?)(?:(?:\-)(emoji|text))?:)")
EMOJI_CHARS = re.compile(r"[!#&()*+\-.0-9_a-z]+")
DIGIT_EMOJI = frozenset({"100", "1234"})


def plain_text(parts: Sequence[str | Grid], width: int) -> str | None:
    """What a rich console without colour (`width` columns, soft wrap, no highlighting)
    prints for `parts`, one print each, so that a command printing to a pipe need not
    import rich; None wherever that is not certain (markup or an emoji code in the data,
    non-ASCII text, a table wider than `width`): then rich prints."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, str):
            line = _plain(part)
            if line is None:
                return None
            out.append(line)
            continue
        cells = [list(part.columns)]
        for row in part.rows:
            plain_row = [_plain(cell) for cell in row]
            if None in plain_row:
                return None
            cells.append([c for c in plain_row if c is not None])
        widths = [max(len(row[i]) for row in cells) for i in range(len(part.columns))]
        total = sum(w + 2 for w in widths)
        title = _plain(part.title)
        if title is None or total > width or len(title) > total:
            return None
        out.append(title)
        out += [
            "".join(f" {cell.ljust(w)} " for cell, w in zip(row, widths, strict=True))
            for row in cells
        ]
    return "".join(f"{line}\n" for line in out)


def _plain(markup: str) -> str | None:
    text = markup
    for tag in _TAGS:
        text = text.replace(tag, "")
    if not text.isascii() or "[" in text or "]" in text:
        return None
    for code in EMOJI_CODE.finditer(text):
        name = code.group(2)
        if EMOJI_CHARS.fullmatch(name) and (not name.isdigit() or name in DIGIT_EMOJI):
            return None
    return text


def _styled(text: str, state: str) -> str:
    style = _STATE_STYLE.get(state, "")
    return f"[{style}]{text}[/{style}]"


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
