-- Policies of public.playlists.
--
-- What/who: public playlists are readable by anyone, private ones by their owner; a
--   signed-in user creates, renames and deletes own playlists.
-- Why: index playlists_owner_id_idx.
--
-- requires: 0999_playlists

create policy playlists_select_visible
on public.playlists
for select
to anon, authenticated
using (is_public or owner_id = (select auth.uid()));

create policy playlists_insert_own
on public.playlists
for insert
to authenticated
with check (owner_id = (select auth.uid()));

create policy playlists_update_own
on public.playlists
for update
to authenticated
using (owner_id = (select auth.uid()))
with check (owner_id = (select auth.uid()));

create policy playlists_delete_own
on public.playlists
for delete
to authenticated
using (owner_id = (select auth.uid()));
