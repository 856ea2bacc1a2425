-- 0020_voice_rooms_provider: the Daily.co room behind a voice room (plan step 11, database side).
--
-- What: voice_rooms.provider ('daily'), provider_room_name, provider_room_url
--   and expires_at (Daily rooms expire; the app stops offering an expired URL).
-- Who: written only by service_role (the server that calls the Daily REST
--   API): 0011 grants authenticated insert/update on named columns only, and
--   these columns are not among them, so a host cannot point a room at an
--   arbitrary URL. Read like the rest of the row (host and session members).
-- Why: the URL is checked to be https; provider, name, URL and expiry are set
--   together or not at all (added `not valid`, validated by 0021 without
--   blocking writes); expires_at is indexed, concurrently by 0021, for the
--   cleanup job that closes expired rooms.
--
-- depends: 0011_trending_sounds_voice_rooms

alter table public.voice_rooms
add column provider text check (provider in ('daily')),
add column provider_room_name text,
add column provider_room_url text check (provider_room_url ~ '^https://[^[:space:]]+$'),
add column expires_at timestamptz,
add constraint voice_rooms_provider_all_or_none check (
  (provider is null and provider_room_name is null and provider_room_url is null and expires_at is null)
  or (provider is not null and provider_room_name is not null and provider_room_url is not null and expires_at is not null)
) not valid;
