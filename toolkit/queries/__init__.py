"""The toolkit's own SQL, one file per purpose, each runnable as-is in psql."""

from functools import cache
from importlib import resources


@cache
def load(name: str) -> str:
    """Text of `toolkit/queries/<name>.sql`."""
    return resources.files(__name__).joinpath(f"{name}.sql").read_text(encoding="utf-8")
