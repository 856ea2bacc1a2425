"""The review report and its renderers (text, markdown for PR comments, json)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from toolkit.review.findings import SECTIONS, SEVERITIES, Item, rank

if TYPE_CHECKING:
    from toolkit.review.load_run import LoadReport

SCHEMA = "mashdb-review/1"
_TITLES = {
    "schema": "Schema changes",
    "access": "Access changes (who can read or write what)",
    "lint": "Lint findings on changed SQL",
    "rollback": "Rollback safety",
    "load": "Migrations under load, executed",
}


@dataclass(frozen=True)
class ReviewReport:
    """Everything `mashdb review` found."""

    base_ref: str
    base_commit: str
    added_migrations: tuple[str, ...]
    changed_files: tuple[str, ...]
    items: tuple[Item, ...]
    notes: tuple[str, ...] = ()  # how the report was made, when it matters (not findings)
    under_load: LoadReport | None = None  # --under-load's run, when asked for

    def counts(self) -> dict[str, int]:
        found = Counter(i.severity for i in self.items)
        return {s: found.get(s, 0) for s in reversed(SEVERITIES)}

    def exit_code(self, fail_on: str) -> int:
        """1 when an item is at or above `fail_on`, else 0."""
        return int(any(rank(i.severity) >= rank(fail_on) for i in self.items))

    def section(self, name: str) -> list[Item]:
        return sorted(
            (i for i in self.items if i.section == name),
            key=lambda i: (-rank(i.severity), i.title),
        )


def render_json(report: ReviewReport) -> str:
    """Stable JSON (schema `mashdb-review/1`, documented in docs/review.md)."""
    return json.dumps(
        {
            "schema": SCHEMA,
            "base": {"ref": report.base_ref, "commit": report.base_commit},
            "added_migrations": list(report.added_migrations),
            "changed_files": list(report.changed_files),
            "summary": report.counts(),
            "notes": list(report.notes),
            "under_load": report.under_load.to_json() if report.under_load else None,
            "items": [
                asdict(i)
                for i in sorted(
                    report.items, key=lambda i: (SECTIONS.index(i.section), -rank(i.severity))
                )
            ],
        },
        indent=2,
    )


def _summary(report: ReviewReport) -> str:
    counts = report.counts()
    return ", ".join(f"{n} {sev}" for sev, n in counts.items() if n) or "no findings"


def render_text(report: ReviewReport) -> str:
    """Plain text for terminals."""
    lines = [
        f"mashdb review: {report.base_ref} ({report.base_commit[:10]}) → working tree",
        f"added migrations: {', '.join(report.added_migrations) or 'none'}",
        f"changed SQL files: {len(report.changed_files)}",
        f"summary: {_summary(report)}",
    ]
    for name in SECTIONS:
        items = report.section(name)
        if not items:
            continue
        lines += ["", f"{_TITLES[name]}:"]
        for item in items:
            where = f"  [{item.location}]" if item.location else ""
            lines.append(f"  {item.severity:<12} {item.title}{where}")
            lines += [f"               {line}" for line in (item.code or item.detail).splitlines()]
    if report.under_load:
        lines += ["", *_load_lines(report.under_load)]
    lines += [f"note: {note}" for note in report.notes]
    return "\n".join(lines)


CODE_BUDGET = 40_000  # characters of SQL in one markdown report (a PR comment holds 65 536)


def render_markdown(report: ReviewReport) -> str:
    """Markdown for a pull-request comment: a summary line, then one collapsible section
    per area (open when it holds something dangerous). Within an area, what is about one
    table is one collapsible per table whose small changes fold into a line per kind;
    policies and functions show their SQL (new, or as a diff)."""
    out = [
        f"### mashdb review: `{report.base_ref}` → this branch",
        "",
        f"**{_summary(report)}** · added migrations: "
        + (", ".join(f"`{m}`" for m in report.added_migrations) or "none")
        + f" · changed SQL files: {len(report.changed_files)}",
    ]
    budget = [CODE_BUDGET]
    for name in SECTIONS:
        items = report.section(name)
        if not items:
            continue
        out += [
            "",
            f"<details{_open(items)}>",
            f"<summary><b>{_TITLES[name]}</b> ({_label(items)})</summary>",
        ]
        loose = [i for i in items if not i.table]
        if loose:
            out += ["", "| severity | finding | where |", "|---|---|---|"]
            for item in loose:
                title = item.title.replace("|", "\\|")
                where = f"`{item.location}`" if item.location else ""
                out.append(f"| {_badge(item.severity)} | {title} | {where} |")
            for item in loose:
                text = item.code or (item.detail if "\n" in item.detail else "")
                if text:
                    out += [
                        "",
                        f"<details{_open([item])}><summary>{item.title}</summary>",
                        *_code_block(text, budget),
                        "",
                        "</details>",
                    ]
        for table in sorted({i.table for i in items if i.table}):
            mine = [i for i in report.items if i.section == name and i.table == table]
            out += _table_block(table, mine, budget)  # in catalog order: table, columns, …
        out += ["", "</details>"]
    if report.under_load:
        out += ["", *_load_markdown(report.under_load)]
    out += [f"\n_note: {note}_" for note in report.notes]
    return "\n".join(out) + "\n"


def _load_rows(load: LoadReport) -> list[tuple[str, str, str, str, str]]:
    """One row per executed statement: file:line, its time, the longest wait it caused, the
    locks it took (mode on relation), and the query that waited longest."""
    rows = []
    for m in load.migrations:
        for s in m.statements:
            locks = ", ".join(sorted(f"{mode.removesuffix('Lock')} on {rel}"
                                     for rel, mode in s.locks)) or "none"
            worst = max(s.waits.items(), key=lambda kv: kv[1], default=None)
            rows.append((s.location, f"{s.seconds * 1000:.1f} ms", f"{s.max_wait * 1000:.0f} ms",
                         locks, f"{worst[0]}" if worst else ""))
    return rows


def _load_summary(load: LoadReport) -> list[str]:
    return [
        f"{m.file}: {m.seconds * 1000:.0f} ms; longest workload wait {m.longest_wait * 1000:.0f} ms"
        f" (threshold {load.threshold * 1000:.0f} ms)"
        for m in load.migrations
    ]


def _load_lines(load: LoadReport) -> list[str]:
    """The under-load table for terminals."""
    rows = [("statement", "ran", "longest wait", "locks taken", "who waited longest"),
            *_load_rows(load)]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return [
        f"Under load ({load.rows_per_table:,} generated rows per table, scratch database "
        f"{load.scratch_database}, workload: {', '.join(load.workload)}):",
        *[f"  {line}" for line in _load_summary(load)],
        *["  " + "  ".join(r[i].ljust(widths[i]) for i in range(4)) + "  " + r[4]
          for r in rows],
    ]


def _load_markdown(load: LoadReport) -> list[str]:
    """The under-load table for a PR comment."""
    out = [
        f"**Under load**: {load.rows_per_table:,} generated rows per table; workload: "
        + ", ".join(load.workload),
        "",
        *[f"- `{line.split(':', 1)[0]}`:{line.split(':', 1)[1]}" for line in _load_summary(load)],
        "",
        "| statement | ran | longest wait | locks taken | who waited longest |",
        "|---|---|---|---|---|",
    ]
    out += [f"| `{a}` | {b} | {c} | {d} | {e} |" for a, b, c, d, e in _load_rows(load)]
    return out


def _open(items: list[Item]) -> str:
    return " open" if any(i.severity == "dangerous" for i in items) else ""


def _label(items: list[Item]) -> str:
    counts = Counter(i.severity for i in items)
    return ", ".join(f"{n} {s}" for s, n in sorted(counts.items(), key=lambda x: -rank(x[0])))


def _table_block(table: str, items: list[Item], budget: list[int]) -> list[str]:
    """One table's items: a line per (severity, group) listing the members, then each
    item that carries SQL with its SQL."""
    lines: dict[tuple[str, str], list[Item]] = {}
    for item in items:
        if not item.code:
            lines.setdefault((item.severity, item.group or item.title), []).append(item)
    out = [
        "",
        f"<details{_open(items)}>",
        f"<summary><code>{table}</code> ({_label(items)})</summary>",
        "",
    ]
    for (severity, group), members in sorted(lines.items(), key=lambda kv: -rank(kv[0][0])):
        names = ", ".join(f"`{i.member}`" for i in members if i.member)
        reasons = dict.fromkeys(i.detail for i in members if i.detail and "\n" not in i.detail)
        line = f"- {_badge(severity).split()[0]} {group}" + (f": {names}" if names else "")
        out.append(line + (f" — {'; '.join(reasons)}" if reasons else ""))
    for item in sorted((i for i in items if i.code), key=lambda i: -rank(i.severity)):
        heading = f"{item.group}: `{item.member}`" if item.group else item.title
        out += ["", f"{_badge(item.severity)} {heading}", *_code_block(item.code, budget)]
    out += ["", "</details>"]
    return out


def _code_block(text: str, budget: list[int]) -> list[str]:
    if len(text) > budget[0]:
        return ["", "_(SQL left out to keep the comment short: `--format json` has it)_"]
    budget[0] -= len(text)
    return ["", "```diff" if text.startswith("---") else "```sql", text, "```"]


def _badge(severity: str) -> str:
    return {
        "dangerous": "🔴 dangerous",
        "needs-review": "🟡 needs review",
        "safe": "🟢 safe",
        "info": "⚪ info",
    }[severity]


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}


def render(report: ReviewReport, fmt: str) -> str:
    """Render `report` in one of RENDERERS' formats."""
    return RENDERERS[fmt](report)
