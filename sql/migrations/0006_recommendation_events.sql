-- 0006_recommendation_events: the recommender's interaction log.
--
-- What: public.recommendation_events, one row per impression/play/skip/... of
--   a mashup by a user. The event_type check is deliberately the narrow one the
--   original schema had, named recommendation_events_event_type_check so that a
--   later migration can drop and widen it by name.
-- Who: a signed-in user logs events as self (for mashups they can view) and
--   reads own events; nobody updates or deletes from a client; service_role
--   (the recommender) reads everything. Policies: sql/policies/recommendation_events.sql.
-- Why: insert is granted per column (user_id, mashup_id, event_type) so clients
--   cannot backdate created_at; a later migration adding columns clients write
--   must extend that grant. (user_id, created_at) serves the own-rows policy.
--
-- depends: 0002_mashups

create table public.recommendation_events (
  id uuid primary key default gen_random_uuid(),
  user_id uuid references public.profiles (id) on delete cascade,
  mashup_id uuid references public.mashups (id) on delete cascade,
  event_type text not null,
  created_at timestamptz not null default now(),
  constraint recommendation_events_event_type_check
  check (event_type in ('impression', 'play', 'skip', 'like', 'share', 'open'))
);

create index recommendation_events_user_id_created_at_idx on public.recommendation_events (user_id, created_at);
create index recommendation_events_mashup_id_idx on public.recommendation_events (mashup_id);

alter table public.recommendation_events enable row level security;

revoke all on table public.recommendation_events from anon, authenticated;
grant select on table public.recommendation_events to authenticated;
grant insert (user_id, mashup_id, event_type) on table public.recommendation_events to authenticated;
grant all on table public.recommendation_events to service_role;
