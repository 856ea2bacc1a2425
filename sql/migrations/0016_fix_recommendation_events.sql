-- 0016_fix_recommendation_events: widen the event_type check (plan step 6).
--
-- What: exactly the seed's step 6 — recommendation_events_event_type_check
--   also accepts the recommender's own events ('shown', 'clicked',
--   'dismissed', 'completed'), and the table gains recommendation_id and
--   metadata, which recommendations.ts sends.
-- Who: unchanged from 0006 (a signed-in user logs own events and reads own
--   events; service_role reads all). The insert grant is extended to the two
--   new columns, as 0006's header asks of any migration adding client-written
--   columns.
-- Why: every logRecommendationEvent() call failed on the narrow check.
--   Deviation from the seed (docs/security.md): plain `add column` instead of
--   `add column if not exists` — if a column of that name already existed,
--   this migration must fail rather than adopt it, because its rollback drops
--   the columns it added. The rollback restores the narrow check only when no
--   row violates it and otherwise refuses, naming how many rows block it.
--   'dismissed' events are what public.recommend_mashups() excludes; the
--   partial index serving that lookup is built concurrently by 0021.
--   The widened check is added `not valid` (no table scan under the ACCESS
--   EXCLUSIVE lock; it is a superset of the old one, so no row can fail it)
--   and validated by 0021 without blocking writes.
--
-- depends: 0006_recommendation_events

alter table public.recommendation_events
drop constraint if exists recommendation_events_event_type_check;

alter table public.recommendation_events
add constraint recommendation_events_event_type_check
check (event_type in (
  'impression', 'play', 'skip', 'like', 'share', 'open',
  'shown', 'clicked', 'dismissed', 'completed'
)) not valid;

alter table public.recommendation_events
add column recommendation_id text,
add column metadata jsonb default '{}'::jsonb;

grant insert (recommendation_id, metadata) on table public.recommendation_events to authenticated;
