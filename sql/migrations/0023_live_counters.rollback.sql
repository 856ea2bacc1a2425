-- Rollback of 0023_live_counters: the stored total_plays and play_count columns come
-- back (total_plays recomputed from the rollup, play_count 0 as before, when nothing
-- maintained it) and 0023's columns, constraints and indexes go. mashdb removes the
-- repeatables that require 0023 first. Withdrawn XP is not re-credited: it stood on
-- facts that no longer exist. like_count keeps its (now exact) values.
-- Non-transactional like its migration; every statement is safe to run again.

alter table public.user_gamification
add column if not exists total_plays integer not null default 0 check (total_plays >= 0);

update public.user_gamification as g
set total_plays = p.plays
from (
  select
    r.creator_id,
    sum(r.plays)::integer as plays
  from public.analytics_daily_rollup as r
  group by r.creator_id
) as p
where g.user_id = p.creator_id and g.total_plays <> p.plays;

alter table public.mashups add column if not exists play_count integer not null default 0;

drop index concurrently if exists public.analytics_events_dedupe_key_idx;
drop index concurrently if exists public.xp_transactions_mashup_id_idx;

alter table public.analytics_events drop column if exists dedupe_key;
alter table public.user_gamification
drop column if exists deleted_uploads,
drop column if exists deleted_uploads_month;
alter table public.xp_transactions
drop column if exists mashup_id,
drop column if exists counter;
