-- Rollback of 0024_visibility_and_limits: drops the length limits, gives clients back
-- the published_at grants of 0002 and the sequence privileges the bootstrap's default
-- privileges grant. The corrected publish dates stay corrected (the old, client-chosen
-- values are not kept anywhere).

alter default privileges in schema public grant all on sequences to anon, authenticated;

grant all on all sequences in schema public to anon, authenticated;

alter table public.ai_jobs drop constraint if exists ai_jobs_input_limits;

alter table public.voice_rooms drop constraint if exists voice_rooms_name_limits;

alter table public.profiles drop constraint if exists profiles_bio_limits;

alter table public.recommendation_events drop constraint if exists recommendation_events_metadata_limits;

alter table public.collaboration_sessions drop constraint if exists collaboration_sessions_title_limits;

alter table public.captions drop constraint if exists captions_text_limits;

alter table public.mashups drop constraint if exists mashups_text_limits;

grant insert (published_at), update (published_at) on table public.mashups to authenticated;
