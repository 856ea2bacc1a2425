"""A table without probe rows gets a draft that, pasted into the project's files, passes."""

from __future__ import annotations

import shutil
from pathlib import Path

from toolkit.rls.client import RLSClient
from toolkit.rls.draft import drafts
from toolkit.rls.gate import findings
from toolkit.rls.matrix import Matrix, load

PLAYLISTS = """
create table public.playlists (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id),
  name text not null,
  is_public boolean not null default false
);
alter table public.playlists enable row level security;
create policy playlists_select on public.playlists for select to anon, authenticated
  using (is_public or user_id = (select auth.uid()));
create policy playlists_insert on public.playlists for insert to authenticated
  with check (user_id = (select auth.uid()));
create policy playlists_update on public.playlists for update to authenticated
  using (user_id = (select auth.uid()));
revoke all on public.playlists from anon, authenticated;
grant select on public.playlists to anon;
grant select, insert, update on public.playlists to authenticated;
create table public.playlist_items (
  playlist_id uuid not null references public.playlists (id),
  mashup_id uuid not null references public.mashups (id),
  position integer not null,
  primary key (playlist_id, mashup_id)
);
alter table public.playlist_items enable row level security;
create policy playlist_items_select on public.playlist_items for select to authenticated
  using (exists (select from public.playlists as p
                 where p.id = playlist_id and p.user_id = (select auth.uid())));
revoke all on public.playlist_items from anon, authenticated;
grant select on public.playlist_items to authenticated;
"""


def paste(matrix: Matrix, tmp_path: Path, drafted: dict) -> Matrix:
    """The project's RLS files with each draft appended, loaded."""
    rls = tmp_path / "rls"
    shutil.copytree(Path(matrix.path).parent, rls, ignore=shutil.ignore_patterns("*.py"))
    for draft in drafted.values():
        for name, part in (
            ("world.sql", "\n".join(draft.world)),
            ("probes.toml", draft.probes),
            ("matrix.toml", draft.matrix),
        ):
            with (rls / name).open("a") as f:
                f.write("\n" + part)
    return load(rls / "matrix.toml")


def test_the_draft_of_two_new_tables_passes_the_gate_once_pasted(
    rls: RLSClient, rls_matrix: Matrix, tmp_path: Path
) -> None:
    with rls.as_owner():
        rls.execute(PLAYLISTS)
    new = ["public.playlists", "public.playlist_items"]
    before = {(f.check, f.subject) for f in findings(rls.conn, rls_matrix, tables=new)}
    assert ("table-unprobed", "public.playlists") in before
    drafted = drafts(rls.conn, rls_matrix, new)
    print("\n".join(d.text(rls_matrix) for d in drafted.values()))
    assert not any(d.problems for d in drafted.values()), drafted
    playlists = drafted["public.playlists"]
    # owner's private playlist and a stranger's: only the owner sees or renames theirs
    assert 'select   = { anon = "invisible", owner = "own rows", other = "invisible"' in (
        playlists.matrix
    )
    assert 'delete   = { anon = "denied", owner = "denied"' in playlists.matrix
    assert "{playlists_owner}" in "\n".join(drafted["public.playlist_items"].world)

    pasted = paste(rls_matrix, tmp_path, drafted)
    after = findings(rls.conn, pasted, tables=new)
    assert not [f for f in after if f.subject.startswith(tuple(new))], after


def test_the_gate_prints_the_draft_of_an_unprobed_table(rls: RLSClient, rls_matrix: Matrix):
    with rls.as_owner():
        rls.execute(PLAYLISTS)
    found = {
        f.subject: f.message
        for f in findings(rls.conn, rls_matrix, tables=[])
        if f.check == "table-unprobed"
    }
    message = found["public.playlists"]
    assert "mashdb policies --table public.playlists --suggest" in message
    assert "-- @playlists_owner" in message and "[tables.playlists]" in message
    assert 'owner = "own rows"' in message
