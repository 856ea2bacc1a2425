-- Rollback of 0025_read_shapes_and_hot_rows: the rollup's shards are summed back into one
-- row per (mashup, day) and its primary key returns to (mashup_id, day); the likes and
-- comments indexes return to their 0003 shape; the mashup_listed columns go. mashdb
-- removes the repeatables that require 0025 first (their policies and triggers).
-- Non-transactional like its migration; every statement is safe to run again.

with moved as (
  delete from public.analytics_daily_rollup
  where shard <> 0
  returning
    mashup_id, day, creator_id, plays, likes, shares, comments, saves, skips, downloads, embeds
),

summed as (
  select
    mashup_id,
    day,
    (array_agg(creator_id))[1] as creator_id,
    sum(plays) as plays,
    sum(likes) as likes,
    sum(shares) as shares,  -- noqa: RF04
    sum(comments) as comments,  -- noqa: RF04
    sum(saves) as saves,
    sum(skips) as skips,
    sum(downloads) as downloads,
    sum(embeds) as embeds
  from moved
  group by mashup_id, day
)

insert into public.analytics_daily_rollup as r (
  mashup_id, day, shard, creator_id, plays, likes, shares, comments, saves, skips, downloads, embeds
)
select
  mashup_id,
  day,
  0 as shard,
  creator_id,
  plays,
  likes,
  shares,
  comments,
  saves,
  skips,
  downloads,
  embeds
from summed
on conflict (mashup_id, day, shard) do update
  set
    plays = r.plays + excluded.plays,
    likes = r.likes + excluded.likes,
    shares = r.shares + excluded.shares,
    comments = r.comments + excluded.comments,
    saves = r.saves + excluded.saves,
    skips = r.skips + excluded.skips,
    downloads = r.downloads + excluded.downloads,
    embeds = r.embeds + excluded.embeds;

drop index concurrently if exists public.analytics_daily_rollup_day_key;

create unique index concurrently analytics_daily_rollup_day_key
on public.analytics_daily_rollup (mashup_id, day);

-- (skipped when the wider key is already gone or its index is missing: a rehearsal
-- inside a transaction skips concurrent builds)
do $$
begin
  if (select i.indnatts from pg_catalog.pg_index as i where i.indexrelid = 'public.analytics_daily_rollup_pkey'::regclass) = 3
    and pg_catalog.to_regclass('public.analytics_daily_rollup_day_key') is not null then
    alter table public.analytics_daily_rollup
    drop constraint analytics_daily_rollup_pkey,
    add constraint analytics_daily_rollup_pkey primary key using index analytics_daily_rollup_day_key;
  end if;
end;
$$;

drop index concurrently if exists public.analytics_daily_rollup_day_key;

alter table public.analytics_daily_rollup
drop constraint if exists analytics_daily_rollup_shard_check,
drop column if exists shard;

drop index concurrently if exists public.mashup_likes_mashup_id_idx;

create index concurrently mashup_likes_mashup_id_idx on public.mashup_likes (mashup_id);

drop index concurrently if exists public.mashup_comments_mashup_id_created_at_idx;

create index concurrently mashup_comments_mashup_id_created_at_idx
on public.mashup_comments (mashup_id, created_at);

alter table public.mashup_likes drop column if exists mashup_listed;
alter table public.mashup_comments drop column if exists mashup_listed;
alter table public.captions drop column if exists mashup_listed;
