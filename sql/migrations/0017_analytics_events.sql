-- 0017_analytics_events: raw listening/engagement events and their daily rollup (plan step 7).
--
-- What: public.analytics_events (one row per play/like/share/... of a mashup,
--   by a user or an anonymous listener) and public.analytics_daily_rollup (per
--   mashup per UTC day counters, with the mashup's creator denormalised).
-- Who: nobody inserts events directly: public.log_analytics_event() (SECURITY
--   DEFINER, anon and authenticated) validates the event and the caller's
--   right to see the mashup. A mashup's creator reads the raw events and the
--   rollup rows of own mashups; anon nothing; service_role everything. The
--   rollup is written only by the triggers in sql/functions/analytics.sql.
--   Policies: sql/policies/{analytics_events,analytics_daily_rollup}.sql.
-- Why (deviations from the seed, see docs/security.md and docs/performance notes there):
--   * the seed's insert policy (auth.uid() = user_id) blocked anonymous
--     listeners and let a user log events on mashups they cannot see; the
--     definer function does both right and pins user_id to auth.uid();
--   * rollup kept current incrementally and exactly: statement-level triggers
--     with transition tables add (insert) / subtract (delete) each statement's
--     events per (mashup, day) in the same transaction, so
--     public.creator_analytics_timeseries() reads only the rollup
--     (<= days x mashups rows of one creator through the (creator_id, day)
--     index) and is never stale; events are immutable (mashup_id, event_type,
--     created_at cannot be updated), truncate resets the rollup;
--   * id is a bigint identity (half the index size of uuid at 10M+ rows);
--     mashup_id is not null and cascades (an event is about a mashup; the
--     rollup rows of a deleted mashup go with it);
--   * the seed's (event_type, created_at) btree is replaced by a BRIN on
--     created_at: nothing queries by type first, and BRIN serves time-range
--     maintenance (backfills, retention) at a fraction of the write cost;
--   * NOT partitioned (considered monthly range partitions): reads never scan
--     the raw table (the rollup answers them), so partition pruning buys no
--     read speed; partitioning would force created_at into the primary key,
--     need partitions created ahead of time (a scheduler this repo does not
--     have; a missing partition fails inserts) and complicate the FK cascades.
--     Revisit when retention by dropping old months is needed: the table has
--     no inbound foreign keys, so converting it later is a local change.
--
-- depends: 0002_mashups

create table public.analytics_events (
  id bigint generated always as identity primary key,
  user_id uuid references public.profiles (id) on delete set null,
  mashup_id uuid not null references public.mashups (id) on delete cascade,
  event_type text not null check (
    event_type in ('play', 'like', 'share', 'comment', 'save', 'skip', 'download', 'embed')
  ),
  metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);

comment on table public.analytics_events is 'Raw analytics events; inserted via public.log_analytics_event(); rolled up per day.';

create index analytics_events_mashup_id_created_at_idx on public.analytics_events (mashup_id, created_at);
create index analytics_events_user_id_created_at_idx on public.analytics_events (user_id, created_at);
create index analytics_events_created_at_brin_idx on public.analytics_events using brin (created_at);

create table public.analytics_daily_rollup (
  mashup_id uuid not null references public.mashups (id) on delete cascade,
  day date not null,  -- noqa: RF04
  creator_id uuid not null references public.profiles (id) on delete cascade,
  plays bigint not null default 0,
  likes bigint not null default 0,
  shares bigint not null default 0,  -- noqa: RF04
  comments bigint not null default 0,  -- noqa: RF04
  saves bigint not null default 0,
  skips bigint not null default 0,
  downloads bigint not null default 0,
  embeds bigint not null default 0,
  primary key (mashup_id, day)
);

comment on table public.analytics_daily_rollup is
'Per mashup per UTC day event counts, kept exact by triggers on analytics_events (sql/functions/analytics.sql).';

create index analytics_daily_rollup_creator_id_day_idx
on public.analytics_daily_rollup (creator_id, day) include (plays, likes, shares, comments);

alter table public.analytics_events enable row level security;
alter table public.analytics_daily_rollup enable row level security;

revoke all on table public.analytics_events from anon, authenticated;
grant select on table public.analytics_events to authenticated;
grant all on table public.analytics_events to service_role;

-- service_role too: the bootstrap's default privileges gave it ALL, but only the
-- rollup triggers (SECURITY DEFINER, owner) may write rollup values. service_role keeps
-- truncate, which `truncate mashups/profiles cascade` needs and which cannot falsify a
-- total (the rollup is emptied with its raw events).
revoke all on table public.analytics_daily_rollup from anon, authenticated, service_role;
grant select on table public.analytics_daily_rollup to authenticated;
grant select, truncate on table public.analytics_daily_rollup to service_role;
