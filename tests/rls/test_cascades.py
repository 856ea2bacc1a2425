"""The cascade gate on this schema, and the `[cascades]` declarations of the matrix."""

from __future__ import annotations

import pytest

from toolkit.rls import cascades
from toolkit.rls.client import RLSClient
from toolkit.rls.matrix import Matrix, MatrixError, loads

BATTLE_CHAIN = (
    "public.mashups->public.challenge_entries->public.battles->public.battle_votes"
)


def test_the_battle_cascade_is_a_gate_finding(
    rls: RLSClient, rls_matrix: Matrix, rls_exclusive: bool
) -> None:
    """Decided competitions survive their entrants: with challenge_entries.mashup_id on
    delete cascade (as 0004 created it), an entrant who deletes the mashup he entered
    erases the battles built from the entry and their votes, which no client may delete.
    The gate names the chain: the test restores that foreign key inside its rolled-back
    transaction (an ACCESS EXCLUSIVE lock, so only when the run has its database to
    itself). Either way the chain is not in the schema as migrated, nor declared."""
    schemas = list(rls_matrix.exposed_schemas)
    assert BATTLE_CHAIN not in {c.key for c in cascades.chains(rls.conn, schemas)}
    assert BATTLE_CHAIN not in rls_matrix.cascades
    if not rls_exclusive:
        return
    with rls.as_owner():
        rls.execute(
            "alter table public.challenge_entries "
            "drop constraint challenge_entries_mashup_id_fkey, "
            "add constraint challenge_entries_mashup_id_fkey foreign key (mashup_id) "
            "references public.mashups (id) on delete cascade"
        )
    found = {subject: message for _, subject, message in cascades.gaps(rls.conn, rls_matrix)}
    assert BATTLE_CHAIN in found, sorted(found)
    assert "battle_votes rows authenticated may not delete" in found[BATTLE_CHAIN]
    assert "may delete from public.mashups (owner: own rows" in found[BATTLE_CHAIN]


def test_every_declared_cascade_is_a_real_chain(rls: RLSClient, rls_matrix: Matrix) -> None:
    """Each `[cascades]` entry names a chain the catalog really has (else it is stale)."""
    keys = {c.key for c in cascades.chains(rls.conn, list(rls_matrix.exposed_schemas))}
    assert rls_matrix.cascades, "the matrix declares no cascade"
    assert set(rls_matrix.cascades) <= keys, sorted(set(rls_matrix.cascades) - keys)


TABLE = """
[tables.{name}]
select   = {{ anon = "denied", other = "denied", service_role = "allowed" }}
insert   = {{ anon = "denied", other = "denied", service_role = "allowed" }}
update   = {{ anon = "denied", other = "denied", service_role = "allowed" }}
delete   = {{ anon = "denied", other = "denied", service_role = "allowed" }}
truncate = {{ anon = "denied", other = "denied", service_role = "allowed" }}
"""
PERSONAS = """
[personas]
anon = { role = "anon" }
other = { role = "authenticated", user = "other" }
service_role = { role = "service_role" }
"""
TWO_TABLES = PERSONAS + TABLE.format(name="a") + TABLE.format(name="b")


def test_a_declaration_is_read_with_qualified_names() -> None:
    m = loads(TWO_TABLES + '[cascades."a -> public.b"]\nreason = "b belongs to a"\n')
    assert m.cascades == {"public.a->public.b": "b belongs to a"}


@pytest.mark.parametrize(
    ("declaration", "error"),
    [
        ('[cascades."a->c"]\nreason = "x"', r"names table\(s\) not in the matrix: public\.c"),
        ('[cascades."a"]\nreason = "x"', "expected a chain of tables"),
        ('[cascades."a->b"]\nreason = " "', "expected exactly { reason = "),
        ('[cascades."a->b"]\nwhy = "x"', "expected exactly { reason = "),
        ('[cascades."a->b"]\nreason = "x"\nsince = "0022"', "expected exactly { reason = "),
        ('[cascades]\n"a->b" = "x"', "expected exactly { reason = "),
    ],
)
def test_a_malformed_declaration_is_rejected(declaration: str, error: str) -> None:
    with pytest.raises(MatrixError, match=error):
        loads(TWO_TABLES + declaration + "\n")
