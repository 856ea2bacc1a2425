-- 0021_concurrent_indexes rollback: drop the three indexes concurrently and return the
-- two constraints to `not valid`, exactly as 0016 and 0020 left them.
-- Non-transactional like its migration: each statement commits on its own and all are
-- idempotent. Re-adding a constraint `not valid` is the only way back from validated;
-- it takes a brief ACCESS EXCLUSIVE lock and no table scan.

alter table public.voice_rooms
drop constraint voice_rooms_provider_all_or_none,
add constraint voice_rooms_provider_all_or_none check (
  (provider is null and provider_room_name is null and provider_room_url is null and expires_at is null)
  or (provider is not null and provider_room_name is not null and provider_room_url is not null and expires_at is not null)
) not valid;

alter table public.recommendation_events
drop constraint recommendation_events_event_type_check,
add constraint recommendation_events_event_type_check
check (event_type in (
  'impression', 'play', 'skip', 'like', 'share', 'open',
  'shown', 'clicked', 'dismissed', 'completed'
)) not valid;

drop index concurrently if exists public.voice_rooms_expires_at_idx;

drop index concurrently if exists public.ai_jobs_user_id_job_type_created_at_idx;

drop index concurrently if exists public.recommendation_events_user_id_dismissed_idx;
