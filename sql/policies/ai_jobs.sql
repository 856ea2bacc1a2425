-- Policies of public.ai_jobs.
--
-- What/who: a signed-in user reads own jobs and submits jobs as self, always
--   in status 'queued'. No client update or delete: only service_role (the
--   workers, BYPASSRLS) moves a job on; anon has no access.
-- Why: 0012 grants insert only on (user_id, job_type, input), and the check
--   pins status = 'queued' as a second line. Index: (user_id, created_at).
--
-- requires: 0012_ai_jobs

create policy ai_jobs_select_own
on public.ai_jobs
for select
to authenticated
using (user_id = (select auth.uid()));

create policy ai_jobs_insert_own
on public.ai_jobs
for insert
to authenticated
with check (user_id = (select auth.uid()) and status = 'queued');
