-- Rollback of 0012_ai_jobs: removes public.ai_jobs.

drop table if exists public.ai_jobs;
