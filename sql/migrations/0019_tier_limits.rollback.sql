-- Rollback of 0019_tier_limits: removes public.tier_limits and the ai_jobs
-- usage index. Also drops, if still present, what sql/functions/tiers.sql
-- defines on top of this migration (mashdb removes it before rolling back; this
-- keeps a plain yoyo rollback from leaving triggers on mashups/ai_jobs that
-- call a dropped function).

drop trigger if exists mashups_enforce_usage_limit on public.mashups;
drop trigger if exists ai_jobs_enforce_usage_limit on public.ai_jobs;
drop function if exists public.enforce_usage_limit();
drop function if exists public.check_usage_limit(text, uuid);
drop table if exists public.tier_limits;
