"""The toolkit's own SQL, in one folder, each file runnable as-is in psql.

- ``<name>.sql``: migrate's bookkeeping, its lock and the data-loss guard;
- ``catalog/<kind>.sql``: the catalog snapshot, one file per object kind (toolkit/catalog.py);
- ``rls/<purpose>.sql``: the RLS harness and coverage gate (toolkit/rls/);
- ``review/<purpose>.sql``: ``mashdb review``'s catalog reads.
- ``types/<purpose>.sql``: ``mashdb types``' catalog reads (toolkit/typegen.py).

Parameters are psycopg's ``%(name)s``; each file's header says which it takes.
"""

from functools import cache
from pathlib import Path

# The files sit beside this module in the source tree and in the installed package alike
# (importlib.resources would cost a no-op command ~10 ms of imports for the same answer).
HOME = Path(__file__).parent


@cache
def load(name: str) -> str:
    """Text of ``toolkit/queries/<name>.sql``; ``name`` may name a subfolder: ``catalog/tables``."""
    return HOME.joinpath(*f"{name}.sql".split("/")).read_text(encoding="utf-8")
