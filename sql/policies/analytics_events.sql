-- Policies of public.analytics_events.
--
-- What/who: a mashup's creator reads the raw events of own mashups. No client
--   writes: events are logged through public.log_analytics_event() (anon too),
--   which checks the event and that the caller can see the mashup. anon reads
--   nothing; service_role everything.
-- Why: the seed's insert policy (auth.uid() = user_id) excluded anonymous
--   listeners yet let users log events on mashups they cannot see. The
--   creator test reads the caller's mashup ids once (mashups RLS lets a
--   creator see own rows; that policy does not read this table, so no
--   recursion) as an array: `mashup_id = any (array(select ...))` is an index
--   condition on analytics_events (mashup_id, created_at). The former
--   `mashup_id in (select ...)` stayed a hashed SubPlan *filter* (RLS quals
--   are not pulled up into joins), i.e. a seq scan of every event for each
--   query: 29x the BYPASSRLS query on 100k events (docs/performance.md, 6).
--
-- requires: 0017_analytics_events

create policy analytics_events_select_creator
on public.analytics_events
for select
to authenticated
using (
  mashup_id = any(array(
    select m.id
    from public.mashups as m
    where m.creator_id = (select auth.uid())
  ))
);
