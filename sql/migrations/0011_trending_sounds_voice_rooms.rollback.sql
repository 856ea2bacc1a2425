-- Rollback of 0011_trending_sounds_voice_rooms: removes voice rooms and trending sounds.

drop table if exists public.voice_rooms;
drop table if exists public.trending_sounds;
