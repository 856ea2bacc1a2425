-- 0025_read_shapes_and_hot_rows: public reads that cost no function call per row, and
-- no single hot rollup row for a hot mashup's plays.
--
-- What:
--   * mashup_likes, mashup_comments, captions get mashup_listed (boolean, default
--     false): whether the row's mashup is published and public, i.e. may be listed to
--     everyone. Kept equal to the mashup's state by the triggers of
--     functions/listed_flags.sql; backfilled here. The select policies test this
--     column instead of calling the SECURITY DEFINER helper can_list_mashup() once per
--     row (sql/policies/{mashup_likes,mashup_comments,captions}.sql).
--   * the (mashup_id) index of likes and the (mashup_id, created_at) index of comments
--     are rebuilt with (mashup_listed, user_id) included: counting a mashup's likes or
--     comments under RLS stays an index-only scan (every column the policy tests is in
--     the index).
--   * analytics_daily_rollup gets shard (integer, default 0) and its primary key becomes
--     (mashup_id, day, shard): a play adds itself to the first shard row of its
--     (mashup, day) that no other transaction holds, or to a new shard row
--     (functions/analytics.sql). Readers sum the shards, as every reader already sums
--     rows; the rollup stays exact in every snapshot. An uncontended mashup keeps one
--     row per day; a hot one gets at most as many as plays ran concurrently on it.
-- Who: the migrating role. The new columns are server-owned: clients have no insert or
--   update grant on them (0003, 0010 and 0017 grant clients per column or select only).
-- Why non-transactional: the indexes are built `concurrently` (likes, comments and the
--   rollup grow with every like, comment and play) so the migration never blocks the
--   application's writes; each statement commits on its own and is safe to run again:
--   columns `if not exists`, indexes dropped then rebuilt, backfills touch only rows
--   still to do, the primary-key swap is skipped once done. Rows written between the
--   backfill and the repeatables of the same `mashdb migrate` run (their triggers) keep
--   mashup_listed = false: hidden from other users until the row is written again,
--   never shown wrongly; the old policies stay in force until then as well.
--
-- transactional: false
-- depends: 0024_visibility_and_limits
-- mashdb-lint: ignore-file squawk:ban-drop-constraint the primary key of the rollup is swapped for a wider one built concurrently beforehand: the drop and the add are one statement

alter table public.mashup_likes add column if not exists mashup_listed boolean not null default false;
alter table public.mashup_comments add column if not exists mashup_listed boolean not null default false;
alter table public.captions add column if not exists mashup_listed boolean not null default false;

update public.mashup_likes as l
set mashup_listed = true
from public.mashups as m
where
  m.id = l.mashup_id
  and m.status = 'published'
  and m.visibility = 'public'
  and not l.mashup_listed;

update public.mashup_comments as c
set mashup_listed = true
from public.mashups as m
where
  m.id = c.mashup_id
  and m.status = 'published'
  and m.visibility = 'public'
  and not c.mashup_listed;

update public.captions as c
set mashup_listed = true
from public.mashups as m
where
  m.id = c.mashup_id
  and m.status = 'published'
  and m.visibility = 'public'
  and not c.mashup_listed;

drop index concurrently if exists public.mashup_likes_mashup_id_listed_idx;

create index concurrently mashup_likes_mashup_id_listed_idx
on public.mashup_likes (mashup_id) include (mashup_listed, user_id);

drop index concurrently if exists public.mashup_likes_mashup_id_idx;

drop index concurrently if exists public.mashup_comments_mashup_id_created_at_listed_idx;

create index concurrently mashup_comments_mashup_id_created_at_listed_idx
on public.mashup_comments (mashup_id, created_at) include (mashup_listed, user_id);

drop index concurrently if exists public.mashup_comments_mashup_id_created_at_idx;

alter table public.analytics_daily_rollup
add column if not exists shard integer not null default 0;

alter table public.analytics_daily_rollup
drop constraint if exists analytics_daily_rollup_shard_check,
add constraint analytics_daily_rollup_shard_check check (shard >= 0) not valid;

alter table public.analytics_daily_rollup validate constraint analytics_daily_rollup_shard_check;

drop index concurrently if exists public.analytics_daily_rollup_shard_key;

create unique index concurrently analytics_daily_rollup_shard_key
on public.analytics_daily_rollup (mashup_id, day, shard);

-- the swap itself is brief (ACCESS EXCLUSIVE, no scan: the unique index exists); skipped
-- when the primary key already has three columns (a re-run after an interruption) or
-- the index is missing (the rollback guard rehearses inside a transaction, without
-- concurrent builds)
do $$
begin
  if (select i.indnatts from pg_catalog.pg_index as i where i.indexrelid = 'public.analytics_daily_rollup_pkey'::regclass) = 2
    and pg_catalog.to_regclass('public.analytics_daily_rollup_shard_key') is not null then
    alter table public.analytics_daily_rollup
    drop constraint analytics_daily_rollup_pkey,
    add constraint analytics_daily_rollup_pkey primary key using index analytics_daily_rollup_shard_key;
  end if;
end;
$$;

-- after a completed swap the name is gone (the index became the primary key); after a
-- re-run that skipped the swap it is a redundant copy
drop index concurrently if exists public.analytics_daily_rollup_shard_key;
