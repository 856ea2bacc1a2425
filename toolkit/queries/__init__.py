"""The toolkit's own SQL, in one folder, each file runnable as-is in psql.

- ``<name>.sql``: migrate's bookkeeping, its lock and the data-loss guard;
- ``catalog/<kind>.sql``: the catalog snapshot, one file per object kind (toolkit/catalog.py);
- ``rls/<purpose>.sql``: the RLS harness and coverage gate (toolkit/rls/);
- ``review/<purpose>.sql``: ``mashdb review``'s catalog reads.
- ``types/<purpose>.sql``: ``mashdb types``' catalog reads (toolkit/typegen.py).

Parameters are psycopg's ``%(name)s``; each file's header says which it takes.
"""

from functools import cache
from importlib import resources


@cache
def load(name: str) -> str:
    """Text of ``toolkit/queries/<name>.sql``; ``name`` may name a subfolder: ``catalog/tables``."""
    path = resources.files(__name__).joinpath(*f"{name}.sql".split("/"))
    return path.read_text(encoding="utf-8")
