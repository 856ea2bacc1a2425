-- 0999_playlists rollback: drops both tables (their rows are lost).
drop table public.playlist_items;
drop table public.playlists;
