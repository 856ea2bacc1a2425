"""mashdb's RLS policy suite: impersonation client, access matrix, probes, coverage gate.

Layers (each only looks down): `client` (psycopg only), `probes` (the project's probe
world and probe rows, read from its files) <- `matrix` (the project's TOML with its
personas and outcome words, no connection; `load_project(root)`) <- `executed` (runs
the matrix) <- `gate` (coverage findings) <- `fixtures` / `suite` (pytest) and
`runner` (`mashdb test`). Nothing here names a table: the schema's facts are data.
"""

from toolkit.rls.client import (
    ANON,
    COUNTER,
    SERVICE_ROLE,
    Outcome,
    Persona,
    RLSAssertionError,
    RLSClient,
    User,
)

__all__ = [
    "ANON",
    "COUNTER",
    "SERVICE_ROLE",
    "Outcome",
    "Persona",
    "RLSAssertionError",
    "RLSClient",
    "User",
]
