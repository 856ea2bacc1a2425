"""mashdb's RLS policy suite: impersonation client, access matrix, probes, coverage gate.

Layers (each only looks down): `client` (psycopg only) <- `matrix` (TOML, no
connection) <- `probes` (realistic rows) <- `executed` (runs the matrix) <- `gate`
(coverage findings) <- `fixtures` / `suite` (pytest) and `runner` (`mashdb test`).
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
