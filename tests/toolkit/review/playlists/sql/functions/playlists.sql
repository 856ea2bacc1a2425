-- Playlists: the visibility helper the policies of public.playlist_items use.
--
-- What: public.can_view_playlist(playlist_id) — true when the playlist is public or
--   owned by the caller (auth.uid()).
-- Who: anon and authenticated (through policies), service_role.
-- Why: SECURITY DEFINER so a policy on playlist_items reads the playlist without
--   depending on playlists' own policies; search_path pinned.
--
-- requires: 0999_playlists

create or replace function public.can_view_playlist(p_playlist_id uuid)
returns boolean
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select exists (
    select 1
    from public.playlists as p
    where p.id = p_playlist_id and (p.is_public or p.owner_id = (select auth.uid()))
  )
$$;

comment on function public.can_view_playlist(uuid) is
'True when the playlist is public or owned by the caller.';

revoke execute on function public.can_view_playlist(uuid) from public, anon, authenticated;
grant execute on function public.can_view_playlist(uuid) to anon, authenticated, service_role;
