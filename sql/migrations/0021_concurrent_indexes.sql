-- 0021_concurrent_indexes: build the indexes 0016, 0019 and 0020 need, and validate
-- their new check constraints, without blocking writes on live tables.
--
-- What: recommendation_events (user_id, mashup_id) where dismissed (0016's lookup),
--   ai_jobs (user_id, job_type, created_at) (0019's monthly usage count),
--   voice_rooms (expires_at) where open (0020's cleanup job); then validates the
--   two check constraints 0016 and 0020 added `not valid`.
-- Who: the migrating role; nothing here changes who may read or write what.
-- Why: a plain `create index` holds a SHARE lock that blocks every insert, update
--   and delete for the whole build, and validating a constraint inside the
--   transaction that added it scans the table under ACCESS EXCLUSIVE. On tables
--   that already hold production rows, both stall the application.
--   `create index concurrently` cannot run inside a transaction, so this migration
--   is marked non-transactional: each statement commits on its own, and mashdb
--   records the migration after the last one (docs/reliability.md). A run
--   interrupted half-way is simply run again: each index is dropped (if there) and
--   built afresh, because an interrupted concurrent build leaves an INVALID index
--   behind that `if not exists` would wrongly keep; the drops are no-ops on a first
--   run, and validating an already valid constraint is a no-op too.
--
-- transactional: false
-- depends: 0016_fix_recommendation_events 0019_tier_limits 0020_voice_rooms_provider

drop index concurrently if exists public.recommendation_events_user_id_dismissed_idx;

create index concurrently recommendation_events_user_id_dismissed_idx
on public.recommendation_events (user_id, mashup_id)
where event_type = 'dismissed';

drop index concurrently if exists public.ai_jobs_user_id_job_type_created_at_idx;

create index concurrently ai_jobs_user_id_job_type_created_at_idx
on public.ai_jobs (user_id, job_type, created_at);

drop index concurrently if exists public.voice_rooms_expires_at_idx;

create index concurrently voice_rooms_expires_at_idx
on public.voice_rooms (expires_at)
where status = 'open';

alter table public.recommendation_events
validate constraint recommendation_events_event_type_check;

alter table public.voice_rooms
validate constraint voice_rooms_provider_all_or_none;
