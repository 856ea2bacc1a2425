-- Policies of public.recommendation_events.
--
-- What/who: a signed-in user reads own events and logs events as self, about
--   a mashup they can view (or none). No update or delete: the log is
--   append-only for clients; anon has no access; service_role reads all.
-- Why: requiring a viewable mashup keeps clients from seeding the recommender
--   with private mashups. Index: (user_id, created_at).
--
-- requires: 0006_recommendation_events
-- depends: functions/mashups.sql

create policy recommendation_events_select_own
on public.recommendation_events
for select
to authenticated
using (user_id = (select auth.uid()));

create policy recommendation_events_insert_own
on public.recommendation_events
for insert
to authenticated
with check (
  user_id = (select auth.uid())
  and (mashup_id is null or public.can_view_mashup(mashup_id))
);
