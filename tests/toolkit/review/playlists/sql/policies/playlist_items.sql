-- Policies of public.playlist_items.
--
-- What/who: items are readable when their playlist is (public.can_view_playlist); the
--   playlist's owner adds mashups they can view, reorders and removes items.
-- Why: primary key (playlist_id, mashup_id), playlist_items_mashup_id_idx.
--
-- requires: 0999_playlists
-- depends: functions/playlists.sql

create policy playlist_items_select_visible
on public.playlist_items
for select
to anon, authenticated
using (public.can_view_playlist(playlist_id));

create policy playlist_items_insert_own
on public.playlist_items
for insert
to authenticated
with check (
  exists (
    select 1 from public.playlists as p
    where p.id = playlist_items.playlist_id and p.owner_id = (select auth.uid())
  )
  and public.can_view_mashup(mashup_id)
);

create policy playlist_items_update_own
on public.playlist_items
for update
to authenticated
using (
  exists (
    select 1 from public.playlists as p
    where p.id = playlist_items.playlist_id and p.owner_id = (select auth.uid())
  )
);

create policy playlist_items_delete_own
on public.playlist_items
for delete
to authenticated
using (
  exists (
    select 1 from public.playlists as p
    where p.id = playlist_items.playlist_id and p.owner_id = (select auth.uid())
  )
);
