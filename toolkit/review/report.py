"""The review report and its renderers (text, markdown for PR comments, json)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass

from toolkit.review.findings import SECTIONS, SEVERITIES, Item, rank

SCHEMA = "mashdb-review/1"
_TITLES = {
    "schema": "Schema changes",
    "access": "Access changes (who can read or write what)",
    "lint": "Lint findings on changed SQL",
    "rollback": "Rollback safety",
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
            for detail in item.detail.splitlines():
                lines.append(f"               {detail}")
    lines += [f"note: {note}" for note in report.notes]
    return "\n".join(lines)


def render_markdown(report: ReviewReport) -> str:
    """Markdown for a pull-request comment: a summary line, then one collapsible section
    per area (open when it holds something dangerous)."""
    out = [
        f"### mashdb review: `{report.base_ref}` → this branch",
        "",
        f"**{_summary(report)}** · added migrations: "
        + (", ".join(f"`{m}`" for m in report.added_migrations) or "none")
        + f" · changed SQL files: {len(report.changed_files)}",
    ]
    for name in SECTIONS:
        items = report.section(name)
        if not items:
            continue
        danger = any(i.severity == "dangerous" for i in items)
        counts = Counter(i.severity for i in items)
        label = ", ".join(f"{n} {s}" for s, n in sorted(counts.items(), key=lambda x: -rank(x[0])))
        out += [
            "",
            f"<details{' open' if danger else ''}>",
            f"<summary><b>{_TITLES[name]}</b> ({label})</summary>",
            "",
        ]
        out += ["| severity | finding | where |", "|---|---|---|"]
        for item in items:
            title = item.title.replace("|", "\\|")
            where = f"`{item.location}`" if item.location else ""
            out.append(f"| {_badge(item.severity)} | {title} | {where} |")
        detailed = [i for i in items if i.detail and "\n" in i.detail]
        for item in detailed[:10]:
            out += [
                "",
                f"<details><summary>{item.title}</summary>",
                "",
                "```diff" if item.detail.startswith("---") else "```",
                item.detail,
                "```",
                "",
                "</details>",
            ]
        out += ["", "</details>"]
    out += [f"\n_note: {note}_" for note in report.notes]
    return "\n".join(out) + "\n"


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
