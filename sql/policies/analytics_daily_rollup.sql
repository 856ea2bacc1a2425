-- Policies of public.analytics_daily_rollup.
--
-- What/who: a creator reads the rollup rows of own mashups (creator_id is
--   denormalised from mashups by the rollup trigger). No client writes; the
--   triggers of sql/functions/analytics.sql maintain it. anon nothing.
-- Why: a plain column test keeps the time series an index range scan on
--   (creator_id, day) with RLS on.
--
-- requires: 0017_analytics_events

create policy analytics_daily_rollup_select_creator
on public.analytics_daily_rollup
for select
to authenticated
using (creator_id = (select auth.uid()));
