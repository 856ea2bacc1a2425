"""`mashdb new NAME`: write the next-numbered migration and its rollback."""

from __future__ import annotations

import re
from pathlib import Path

from toolkit.errors import UsageError
from toolkit.migrations import NAME, load_migrations
from toolkit.project import Project

_APPLY = """\
-- {number}_{name}: <what this migration is for, in one line>
-- who: <which roles read or write the objects it creates>
-- why: <why it is shaped this way; anything a reviewer must know>
--
-- Conventions (docs/architecture.md): enable row level security on every new table, grant
-- explicitly (revoke all from anon, authenticated first), index the columns policies filter
-- on; policies go in sql/policies/<table>.sql, functions in sql/functions/.
"""

_ROLLBACK = """\
-- {number}_{name} rollback: undo exactly what {number}_{name}.sql does, in reverse order.
"""


def new_migration(project: Project, name: str) -> tuple[Path, Path]:
    """Create `NNNN_name.sql` and `NNNN_name.rollback.sql`; return their paths."""
    slug = re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")
    if not slug or not NAME.match(f"0000_{slug}"):
        raise UsageError(f"invalid migration name {name!r}: use letters, digits and underscores")
    existing = load_migrations(project)
    number = f"{(existing[-1].number + 1) if existing else 1:04d}"
    apply = project.migrations_dir / f"{number}_{slug}.sql"
    rollback = project.migrations_dir / f"{number}_{slug}.rollback.sql"
    apply.write_text(_APPLY.format(number=number, name=slug), encoding="utf-8")
    rollback.write_text(_ROLLBACK.format(number=number, name=slug), encoding="utf-8")
    return apply, rollback
