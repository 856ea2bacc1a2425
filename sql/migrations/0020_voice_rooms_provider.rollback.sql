-- Rollback of 0020_voice_rooms_provider: drops the provider columns of voice_rooms.

alter table public.voice_rooms
drop constraint if exists voice_rooms_provider_all_or_none,
drop column if exists expires_at,
drop column if exists provider_room_url,
drop column if exists provider_room_name,
drop column if exists provider;
