"""A migration's bookkeeping, written in the caller's transaction: the one place migrate,
rollback and baseline record that a migration is applied or rolled back.

Three records move together: yoyo's rows (toolkit/yoyo_compat.py), mashdb's content
checksum with how the migration came to be applied (`applied_by`: migrate | baseline |
supabase, and the Supabase history version it was adopted from), and, where enabled, the
Supabase CLI's history row (toolkit/supabase_history.py).
"""

from __future__ import annotations

import psycopg

from toolkit import queries, supabase_history, yoyo_compat
from toolkit.migrations import Migration


def record_applied(
    conn: psycopg.Connection,
    m: Migration,
    *,
    history: bool,
    applied_by: str = "migrate",
    source_version: str | None = None,
) -> None:
    """Mark `m` applied. `source_version` is its version in the Supabase history when it is
    already recorded there (adopted); otherwise, with `history`, a row is added under
    mashdb's own version. yoyo's log says `apply` either way; `applied_by` tells."""
    yoyo_compat.mark(conn, m.id)
    conn.execute(*_checksum_query(m, applied_by, source_version))
    if history and source_version is None:
        supabase_history.record_applied(conn, m)


def applied_queries(m: Migration, *, history: bool) -> list[tuple[str, dict[str, object]]]:
    """The queries (with parameters) `record_applied` runs for a migration `migrate`
    applies, in its order, for a caller that sends them with the step's own SQL."""
    found: list[tuple[str, dict[str, object]]] = [
        yoyo_compat.record_query(m.id, "apply"),
        _checksum_query(m, "migrate", None),
    ]
    if history:
        found.append(supabase_history.record_query(m))
    return found


def _checksum_query(
    m: Migration, applied_by: str, source_version: str | None
) -> tuple[str, dict[str, object]]:
    return queries.load("upsert_checksum"), {
        "id": m.id,
        "checksum": m.checksum,
        "applied_by": applied_by,
        "source_version": source_version,
        "rollback_sql": m.rollback.text,  # what `reapply` and an edited rollback undo with
    }


def record_rolled_back(conn: psycopg.Connection, m: Migration, *, history: bool) -> None:
    """Unmark `m` and, with `history`, remove its Supabase history row (under the version it
    was adopted as, else mashdb's own)."""
    row = conn.execute(
        "select to_jsonb(c) ->> 'source_version' from mashdb.migration_checksums as c "
        "where c.migration_id = %s",
        (m.id,),
    ).fetchone()
    yoyo_compat.unmark(conn, m.id)
    if history:
        supabase_history.record_rolled_back(conn, m, row[0] if row else None)
