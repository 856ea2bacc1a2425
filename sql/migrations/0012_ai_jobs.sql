-- 0012_ai_jobs: queued AI work (stem separation, generation, completion, captions).
--
-- What: public.ai_jobs, submitted by a user, processed and updated by workers.
-- Who: a signed-in user submits jobs as self (always 'queued') and reads own
--   jobs; only service_role (the workers) updates status/result/error; nobody
--   deletes from a client; anon nothing. Policies: sql/policies/ai_jobs.sql.
-- Why: insert is granted only on (user_id, job_type, input), so status,
--   result and error always start at their defaults, and the insert policy
--   also pins status = 'queued'; (user_id, created_at) serves the own-rows
--   policy and the tier check that counts a user's jobs this month.
-- Note: some column names are SQL keywords (role, text, language, name, input);
--   the app uses them, so they stay, with `-- noqa: RF04` on those lines.
--
-- depends: 0001_profiles

create table public.ai_jobs (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.profiles (id) on delete cascade,
  job_type text not null check (job_type in ('stem_separation', 'ai_generation', 'ai_completion', 'auto_caption')),
  status text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed')),
  input jsonb not null default '{}'::jsonb,  -- noqa: RF04
  result jsonb,
  error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index ai_jobs_user_id_created_at_idx on public.ai_jobs (user_id, created_at);

alter table public.ai_jobs enable row level security;

revoke all on table public.ai_jobs from anon, authenticated;
grant select on table public.ai_jobs to authenticated;
grant insert (user_id, job_type, input) on table public.ai_jobs to authenticated;
grant all on table public.ai_jobs to service_role;
