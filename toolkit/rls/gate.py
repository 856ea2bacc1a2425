"""The coverage gate: what the policy suite does not prove, as a list of findings.

`findings(conn, matrix)` connects, reads the catalog and (unless given one) runs the
executed matrix with policy attribution, all inside a rolled-back transaction. The
gate test asserts the list is empty; its self-test plants an uncovered table, an extra
policy, a stray grant and an unpinned SECURITY DEFINER function and checks each is named.

Checks (the `check` of a Finding):
  rls-disabled            a table in an exposed schema has row-level security off
  view-bypasses-rls       a view in an exposed schema runs with its owner's rights
  table-unlisted          a table has no matrix entry
  table-stale             the matrix names a table that does not exist
  table-unprobed          a table has no probe rows, so its cases cannot run
  policy-unattributed     dropping the policy changes no executed case: it is never the
                          reason an allowing case succeeds (dead, redundant or untested)
  redundancy-stale        a policy the matrix accepts as redundant is now the reason for a case
  grant-unexpected        anon/authenticated hold a privilege the matrix never uses
                          (every persona of that role is `denied`), TRUNCATE, REFERENCES,
                          TRIGGER and MAINTAIN included, or an update grant on a column the
                          matrix's column rules say is denied
  sequence-privilege      anon/authenticated hold any privilege on a sequence
  function-unlisted       a function in an exposed schema has no matrix entry
  function-stale          the matrix names a function that does not exist
  function-grant-unexpected  anon/authenticated may execute a function the matrix denies them
  definer-search-path     a SECURITY DEFINER function does not pin search_path to
                          pg_catalog, pg_temp (toolkit.searchpath)
  definer-refusal-untested   a SECURITY DEFINER function has no refusal case (no persona
                          expected `denied` and no `refusal` entry)
  cascade-undeclared / cascade-stale   see toolkit/rls/cascades.py
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import psycopg

from toolkit import queries, searchpath, security
from toolkit.errors import MashdbError
from toolkit.rls import cascades
from toolkit.rls.draft import drafts
from toolkit.rls.executed import ExecutedMatrix, execute_matrix
from toolkit.rls.matrix import COMMANDS, Matrix

# dangerous privileges the matrix has no command for: an API role never holds them
ALWAYS_STRAY = tuple(p for p in security.DANGEROUS_TABLE_PRIVILEGES if p not in COMMANDS)


@dataclass(frozen=True, order=True)
class Finding:
    check: str
    subject: str
    message: str

    def __str__(self) -> str:
        return f"[{self.check}] {self.subject}: {self.message}"


def findings(
    conn: psycopg.Connection,
    matrix: Matrix,
    executed: ExecutedMatrix | None = None,
    *,
    tables: Iterable[str] | None = None,
    attribute: bool = True,
) -> list[Finding]:
    """Every coverage gap of `matrix` against the database behind `conn`.

    `tables` narrows the policy attribution (the expensive part) to those tables; the
    catalog checks always look at everything. `attribute=False` (a shared database:
    attribution drops policies) leaves out policy-unattributed and redundancy-stale.
    """
    params = {"schemas": list(matrix.exposed_schemas)}
    out: list[Finding] = []
    with conn.transaction(force_rollback=True):
        relations = conn.execute(queries.load("rls/rls_status"), params).fetchall()
        grants = conn.execute(queries.load("rls/grants"), params).fetchall()
        functions = conn.execute(queries.load("rls/functions"), params).fetchall()
        sequences = conn.execute(queries.load("rls/sequence_grants"), params).fetchall()
        out.extend(Finding(*gap) for gap in cascades.gaps(conn, matrix))
        if executed is None or (attribute and executed.attribution is None):
            executed = execute_matrix(
                conn, matrix, tables=tables, attribute=attribute, shared=not attribute
            )

    table_names = {q for q, kind, _, _ in relations if kind in ("r", "p")}
    for qualified, kind, rls_on, invoker in relations:
        if kind in ("r", "p") and not rls_on:
            out.append(Finding("rls-disabled", qualified, "row level security is off"))
        if kind in ("v", "m") and not invoker:
            out.append(
                Finding(
                    "view-bypasses-rls",
                    qualified,
                    "view runs with its owner's rights (set security_invoker = true)",
                )
            )
    for t in sorted(table_names - set(matrix.tables)):
        out.append(Finding("table-unlisted", t, "no entry in the access matrix"))
    for t in sorted(set(matrix.tables) - table_names):
        out.append(Finding("table-stale", t, "the matrix names a table that does not exist"))
    unprobed = sorted(table_names - set(matrix.probes))
    for t, draft in _drafts(conn, matrix, unprobed, shared=not attribute).items():
        out.append(Finding("table-unprobed", t, f"no probe rows ({matrix.probes_path}); {draft}"))

    for policy, cases in sorted((executed.attribution or {}).items()):
        table, name = policy.rsplit(".", 1)
        entry = matrix.tables.get(table)
        accepted = entry.redundant_policies.get(name) if entry else None
        if not cases and accepted is None:
            out.append(
                Finding(
                    "policy-unattributed",
                    policy,
                    "dropping it changes no executed case: no allowing case succeeds because of it",
                )
            )
        elif cases and accepted is not None:
            out.append(
                Finding(
                    "redundancy-stale",
                    policy,
                    f"accepted as redundant, but it is the reason for {', '.join(cases)}",
                )
            )

    for qualified, role, privileges, update_columns in grants:
        entry = matrix.tables.get(qualified)
        if entry is None:
            continue
        of_role = matrix.vocabulary.of_role(role)
        personas = [p for p in entry.personas if p in of_role]
        for priv in privileges:
            if priv in ALWAYS_STRAY:
                out.append(
                    Finding(
                        "grant-unexpected",
                        f"{qualified} {priv} to {role}",
                        f"{role} should never hold {priv.upper()}",
                    )
                )
            elif (
                priv in COMMANDS
                and personas
                and all(entry.expected(priv, p) == "denied" for p in personas)
            ):
                out.append(
                    Finding(
                        "grant-unexpected",
                        f"{qualified} {priv} to {role}",
                        f"the matrix denies {priv} to every {role} persona ({', '.join(personas)})",
                    )
                )
        for rule in entry.columns:
            who = [p for p in personas if p in rule.update]
            if (
                rule.column in update_columns
                and who
                and all(rule.update[p] == "denied" for p in who)
            ):
                out.append(
                    Finding(
                        "grant-unexpected",
                        f"{qualified}.{rule.column} update to {role}",
                        "the matrix's column rule denies updating this column",
                    )
                )

    for qualified, role, privileges in sequences:
        out.append(
            Finding(
                "sequence-privilege",
                f"{qualified} to {role}",
                f"{role} holds {', '.join(p.upper() for p in privileges)} on a sequence",
            )
        )

    seen: set[str] = set()
    for name, signature, definer, path, _trigger, anon_x, auth_x in functions:
        entry = matrix.functions.get(signature) or matrix.functions.get(name)
        seen.add(signature if signature in matrix.functions else name)
        if entry is None:
            out.append(Finding("function-unlisted", signature, "no entry in the access matrix"))
        if definer and not searchpath.is_safe(path):
            out.append(
                Finding(
                    "definer-search-path",
                    signature,
                    f"SECURITY DEFINER search_path must be `{searchpath.REQUIRED}` "
                    f"(pg_temp last), not {'unpinned' if path is None else repr(path)}",
                )
            )
        if entry is None:
            continue
        if definer and not entry.refusals and "denied" not in entry.callers.values():
            out.append(
                Finding(
                    "definer-refusal-untested",
                    signature,
                    "SECURITY DEFINER with no refusal case (no persona expected "
                    "denied, no refusal entry)",
                )
            )
        for role, can in (("anon", anon_x), ("authenticated", auth_x)):
            if not can:
                continue
            if entry.trigger:
                out.append(
                    Finding(
                        "function-grant-unexpected",
                        f"{signature} execute to {role}",
                        "trigger functions are never called by clients",
                    )
                )
                continue
            personas = [p for p in matrix.vocabulary.of_role(role) if p in entry.callers]
            if personas and all(entry.callers.get(p) == "denied" for p in personas):
                out.append(
                    Finding(
                        "function-grant-unexpected",
                        f"{signature} execute to {role}",
                        f"the matrix denies every {role} persona",
                    )
                )
    for key in sorted(set(matrix.functions) - seen):
        out.append(
            Finding("function-stale", key, "the matrix names a function that does not exist")
        )
    return sorted(set(out))


def _drafts(
    conn: psycopg.Connection, matrix: Matrix, tables: list[str], *, shared: bool
) -> dict[str, str]:
    """Per unprobed table, a draft to paste (or why there is none), indented for the gate."""
    if not tables:
        return {}
    try:
        made = drafts(conn, matrix, tables, shared=shared)
    except (psycopg.Error, MashdbError) as exc:
        return {t: f"no draft could be made ({str(exc).splitlines()[0]})" for t in tables}
    return {
        t: f"`mashdb policies --table {t} --suggest` drafts them:\n"
        + "\n".join("      " + line for line in d.text(matrix).splitlines())
        for t, d in made.items()
    }
