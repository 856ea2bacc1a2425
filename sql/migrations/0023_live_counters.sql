-- 0023_live_counters: value that follows the live facts (XP, badges, counters, usage,
-- engagement analytics), and no hot creator row on the play path.
--
-- What:
--   * xp_transactions.mashup_id (references mashups, on delete cascade) and
--     xp_transactions.counter (the user_gamification counter the row bumped): XP earned
--     from a mashup dies with it, and the statement trigger on the ledger
--     (functions/gamification.sql) subtracts it, its counter and any badge no longer
--     earned. Existing rows are tied to their mashup; rows about mashups that are gone,
--     no longer published, or likes that were withdrawn are withdrawn here (their XP
--     and counters subtracted; badges already earned are kept).
--   * user_gamification.deleted_uploads / deleted_uploads_month: mashups created this
--     month (UTC) and deleted again still count against the monthly upload limit
--     (functions/tiers.sql): deleting never refunds a unit already used.
--   * analytics_events.dedupe_key (unique where set): one play per listener, mashup and
--     half-hour window through log_analytics_event(); one 'like' event per live like
--     and one 'comment' event per live comment, written and removed by triggers.
--   * mashups.like_count is backfilled from mashup_likes (kept exact by triggers from
--     now on); mashups.play_count is dropped: it was never maintained, plays live in the
--     exact analytics rollup, and keeping a copy on the mashup row would put a second
--     hot row on every play.
--   * user_gamification.total_plays is dropped as a stored column: it became the
--     computed field public.total_plays(user_gamification) summed from the rollup
--     (functions/analytics.sql), so a play on one mashup never waits for a play on
--     another mashup of the same creator (every play used to update the creator's row).
-- Who: the migrating role. No grant changes: the new columns are server-owned (0002,
--   0014 and 0017 grant clients per column or select only).
-- Why non-transactional: the unique index on analytics_events and the index behind the
--   new foreign key on xp_transactions are built `concurrently` (both tables grow with
--   every play and like), and the foreign key is added `not valid` then validated,
--   so the migration never blocks the application's writes. Every statement is safe to
--   run again after an interruption (docs/reliability.md): columns `if not exists`,
--   indexes dropped then rebuilt, the backfills only touch rows still to do.
--
-- transactional: false
-- depends: 0021_concurrent_indexes

alter table public.xp_transactions
add column if not exists mashup_id uuid,
add column if not exists counter text;

alter table public.xp_transactions
drop constraint if exists xp_transactions_counter_check,
add constraint xp_transactions_counter_check
check (counter in ('total_mashups', 'total_likes_received')) not valid;

alter table public.user_gamification
add column if not exists deleted_uploads integer not null default 0,
add column if not exists deleted_uploads_month date;

alter table public.user_gamification
drop constraint if exists user_gamification_deleted_uploads_check,
add constraint user_gamification_deleted_uploads_check check (deleted_uploads >= 0) not valid;

alter table public.analytics_events add column if not exists dedupe_key uuid;

-- Withdraw XP that no longer stands on a live fact, with its counter (one statement:
-- the subtraction and the deletion commit together).
with gone as (
  delete from public.xp_transactions as x
  where
    x.reason in ('mashup_published', 'like_received')
    and x.mashup_id is null
    and not exists (
      select 1
      from public.mashups as m
      where
        m.id::text = x.metadata ->> 'mashup_id'
        and (
          (x.reason = 'mashup_published' and m.status = 'published' and m.creator_id = x.user_id)
          or (
            x.reason = 'like_received'
            and exists (
              select 1
              from public.mashup_likes as l
              where
                l.mashup_id = m.id
                and md5(l.mashup_id::text || ':' || l.user_id::text)::uuid = x.reference_id
            )
          )
        )
    )
  returning x.user_id, x.amount, x.reason
),

per_user as (
  select
    gone.user_id,
    sum(gone.amount) as xp,
    count(*) filter (where gone.reason = 'mashup_published') as mashups,
    count(*) filter (where gone.reason = 'like_received') as likes
  from gone
  group by gone.user_id
)

update public.user_gamification as g
set
  total_xp = greatest(g.total_xp - p.xp, 0),
  current_level = floor(sqrt(greatest(g.total_xp - p.xp, 0) / 100.0))::integer + 1,
  total_mashups = greatest(g.total_mashups - p.mashups, 0),
  total_likes_received = greatest(g.total_likes_received - p.likes, 0),
  updated_at = now()
from per_user as p
where g.user_id = p.user_id;

update public.xp_transactions as x
set
  mashup_id = (x.metadata ->> 'mashup_id')::uuid,
  counter = case x.reason when 'mashup_published' then 'total_mashups' else 'total_likes_received' end
where x.reason in ('mashup_published', 'like_received') and x.mashup_id is null;

update public.mashups as m
set like_count = c.n
from (
  select
    t.id,
    count(l.user_id)::integer as n
  from public.mashups as t
  left join public.mashup_likes as l on t.id = l.mashup_id
  group by t.id
) as c
where
  m.id = c.id
  and m.like_count <> c.n;

drop index concurrently if exists public.xp_transactions_mashup_id_idx;

create index concurrently xp_transactions_mashup_id_idx
on public.xp_transactions (mashup_id);

drop index concurrently if exists public.analytics_events_dedupe_key_idx;

create unique index concurrently analytics_events_dedupe_key_idx
on public.analytics_events (dedupe_key)
where dedupe_key is not null;

alter table public.xp_transactions
drop constraint if exists xp_transactions_mashup_id_fkey,
add constraint xp_transactions_mashup_id_fkey
foreign key (mashup_id) references public.mashups (id) on delete cascade not valid;

alter table public.xp_transactions validate constraint xp_transactions_mashup_id_fkey;
alter table public.xp_transactions validate constraint xp_transactions_counter_check;
alter table public.user_gamification validate constraint user_gamification_deleted_uploads_check;

alter table public.mashups drop column if exists play_count;
alter table public.user_gamification drop column if exists total_plays;
