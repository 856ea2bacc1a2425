-- Rollback of 0017_analytics_events: removes the rollup and the raw events.
-- Also drops, if still present, what sql/functions/analytics.sql defines on top
-- of this migration (mashdb removes it before rolling back).

drop table if exists public.analytics_daily_rollup;
drop table if exists public.analytics_events;
drop function if exists public.analytics_rollup_on_insert();
drop function if exists public.analytics_rollup_on_delete();
drop function if exists public.analytics_rollup_on_truncate();
drop function if exists public.analytics_events_immutable();
drop function if exists public.log_analytics_event(uuid, text, jsonb);
drop function if exists public.creator_analytics_timeseries(text, integer);
