-- Analytics: event logging, the exact daily rollup, and the creator time series (plan step 7),
-- with engagement events that cannot be forged.
--
-- What:
--   public.log_analytics_event(mashup_id, event_type, metadata) — records one
--     play/share/skip/download/embed as auth.uid() (null for anonymous listeners)
--     and returns its id. A client's play counts once per listener, mashup and
--     UTC half-hour window (:00-:29, :30-:59): a repeat returns null and records
--     nothing. The listener is the signed-in user, else the client address PostgREST
--     passes in request.headers (cf-connecting-ip, x-real-ip, else the last
--     x-forwarded-for hop, the one the nearest proxy wrote), hashed into the key and
--     never stored; without any address all anonymous plays of a mashup share one
--     listener (fails closed). service_role's plays are not de-duplicated (the
--     server decides). Errors: 22023 unknown event type or metadata not a JSON
--     object / over 2 kB; 42501 'like' or 'comment' (from anyone) and 'save' (from
--     a client): those come from the actions themselves; P0002 the mashup does not
--     exist, is being deleted, or the caller cannot see it (indistinguishable on
--     purpose, so private mashups do not leak). The mashup row is key-share locked
--     first, so racing a delete yields P0002, never the foreign key's 23503.
--   public.analytics_play_key(mashup_id, listener, at) — the play dedupe key
--     (md5 of mashup, listener and window number), stored in
--     analytics_events.dedupe_key (unique where set).
--   analytics_log_engagement() — statement triggers on mashup_likes and
--     mashup_comments: one 'like' event per live like (dedupe key
--     md5(like:mashup:user)) and one 'comment' event per live comment (key = the
--     comment id), deleted with the like/comment, so the rollup's likes and
--     comments are the live ones, by the day they were made.
--   Rollup triggers on public.analytics_events (statement level, transition
--     tables): analytics_rollup_on_change adds each statement's events to
--     public.analytics_daily_rollup per (mashup, UTC day) — one update of a
--     free shard row (or one insert) per group, in mashup/day order (no
--     deadlocks between batches; see "Hot mashups" below), and subtracts
--     deleted events the same way; analytics_rollup_on_truncate
--     empties the rollup; analytics_events_immutable forbids updating
--     mashup_id, event_type or created_at (an event is a fact; user_id may
--     still become null when the profile is deleted). The rollup is therefore
--     exact in every transaction's snapshot: no watermark, no stale window.
--   public.total_plays(user_gamification) — the computed field
--     user_gamification.total_plays (`select g.total_plays from
--     public.user_gamification as g`, PostgREST `select=*,total_plays`): the plays of
--     the user's live mashups, summed from the rollup (a deleted mashup's plays go
--     with its rollup rows). A play touches only its own mashup's rollup row, never
--     a row shared with the creator's other mashups.
--   public.creator_analytics_timeseries(period, range) — for auth.uid()'s
--     mashups: one row per bucket ('day' | 'week' (ISO, Monday) | 'month'),
--     the last `range` buckets up to and including the current one, UTC,
--     zero-filled: (bucket date, plays, likes, shares, comments). Reads only
--     the rollup through its (creator_id, day) covering index.
--     Errors: 22023 bad period or range outside 1..1000 (day), 1..520
--     (week), 1..120 (month); 42501 anonymous caller.
-- Who: log_analytics_event — anon, authenticated, service_role;
--   creator_analytics_timeseries and total_plays — authenticated (and service_role;
--   the time series needs auth.uid(), so service_role gets 42501 unless it
--   impersonates a user); analytics_play_key — service_role. The trigger functions
--   are never called directly.
-- Why: log_analytics_event is SECURITY DEFINER (clients have no insert grant
--   on analytics_events) with search_path pinned and the visibility check of
--   public.can_view_mashup(); the trigger functions are SECURITY DEFINER
--   because clients cannot write events or the rollup; the time series and
--   total_plays are SECURITY INVOKER so the rollup's RLS (creator_id = auth.uid())
--   stays in force.
--   Hot mashups: the rollup is sharded (0025: primary key (mashup_id, day, shard)).
--   A statement adds each (mashup, day) group to the lowest shard row no other
--   transaction holds (for update skip locked), or else to the transaction's own
--   shard row (numbered by its xid), so concurrent plays of one mashup never wait
--   for each other's commit; readers sum the shards (every reader already sums
--   rows), so the rollup stays exact in every snapshot. A new shard row appears only
--   when every existing one is held: a (mashup, day) has about as many rows as plays
--   were ever in flight on it at once (one for an uncontended mashup). The one wait
--   left: the first row of a (mashup, UTC day) is shard 0, so two *first* plays of
--   the same pair in flight together meet there once (the second waits for the
--   first's commit). Deleted events are a negative delta applied the same way (a
--   single shard may go below zero; the sum is exact).
--
-- requires: 0025_read_shapes_and_hot_rows
-- depends: functions/mashups.sql

create or replace function public.analytics_rollup_on_change()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  -- +1 for inserted events, -1 for deleted ones: both are a delta added to a shard
  sign integer := case tg_op when 'INSERT' then 1 else -1 end;
  -- this transaction's own shard number: transactions in flight together differ in xid
  own_shard integer := (pg_catalog.pg_current_xact_id()::text::bigint % 2147483647)::integer;
begin
  -- 1. Each (mashup, day) group of the statement is added to the lowest shard row of
  --    that group that no other transaction holds (skip locked: never a wait). The
  --    creator is looked up per group through mashups' primary key, not joined:
  --    PL/pgSQL caches this statement's plan for the session, and a join planned for a
  --    large first batch (hash join over a seq scan of mashups) would be reused for
  --    every later single-event insert (measured: 3-4 ms instead of 0.5 ms per event).
  -- 2. A group whose shard rows are all held by others goes to this transaction's own
  --    shard row, which no concurrent transaction writes; a group with no row yet starts
  --    shard 0 (so one session's writes are laid out the same every time). Events
  --    deleted with their mashup need no row: its rollup rows are deleted with it.
  with g as (
    select
      c.mashup_id,
      (c.created_at at time zone 'UTC')::date as day,
      sign * pg_catalog.count(*) filter (where c.event_type = 'play') as plays,
      sign * pg_catalog.count(*) filter (where c.event_type = 'like') as likes,
      sign * pg_catalog.count(*) filter (where c.event_type = 'share') as shares,
      sign * pg_catalog.count(*) filter (where c.event_type = 'comment') as comments,
      sign * pg_catalog.count(*) filter (where c.event_type = 'save') as saves,
      sign * pg_catalog.count(*) filter (where c.event_type = 'skip') as skips,
      sign * pg_catalog.count(*) filter (where c.event_type = 'download') as downloads,
      sign * pg_catalog.count(*) filter (where c.event_type = 'embed') as embeds
    from changed_events as c
    group by c.mashup_id, (c.created_at at time zone 'UTC')::date
  ),

  held as (
    select
      g.*,
      (
        select r.shard
        from public.analytics_daily_rollup as r
        where r.mashup_id = g.mashup_id and r.day = g.day
        order by r.shard
        limit 1
        for update skip locked
      ) as shard,
      (select m.creator_id from public.mashups as m where m.id = g.mashup_id) as creator_id
    from g
  ),

  added as (
    update public.analytics_daily_rollup as r
    set
      plays = r.plays + h.plays,
      likes = r.likes + h.likes,
      shares = r.shares + h.shares,
      comments = r.comments + h.comments,
      saves = r.saves + h.saves,
      skips = r.skips + h.skips,
      downloads = r.downloads + h.downloads,
      embeds = r.embeds + h.embeds
    from held as h
    where r.mashup_id = h.mashup_id and r.day = h.day and r.shard = h.shard
  )

  insert into public.analytics_daily_rollup as r (
    mashup_id, day, shard, creator_id, plays, likes, shares, comments, saves, skips, downloads, embeds
  )
  select
    h.mashup_id,
    h.day,
    case
      when exists (
        select 1 from public.analytics_daily_rollup as x where x.mashup_id = h.mashup_id and x.day = h.day
      ) then own_shard
      else 0
    end,
    h.creator_id,
    h.plays, h.likes, h.shares, h.comments, h.saves, h.skips, h.downloads, h.embeds
  from held as h
  where h.shard is null and h.creator_id is not null
  order by 1, 2
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

  if tg_op = 'INSERT' then
    -- A played creator has a user_gamification row, so the computed field total_plays
    -- can be read even before any XP was earned (one row per user, as 0014 promises).
    -- Only a missing row is inserted, and that is checked first: a play never writes or
    -- locks an existing creator row, so plays of one creator's mashups do not serialise.
    insert into public.user_gamification (user_id)
    select c.creator_id
    from (
      select distinct (select m.creator_id from public.mashups as m where m.id = n.mashup_id)
        as creator_id
      from changed_events as n
      where n.event_type = 'play'
    ) as c
    where
      c.creator_id is not null
      and not exists (select 1 from public.user_gamification as g where g.user_id = c.creator_id)
    order by 1
    on conflict (user_id) do nothing;
  end if;

  return null;
end;
$$;

comment on function public.analytics_rollup_on_change() is
'AFTER INSERT/DELETE statement trigger on analytics_events: adds (subtracts) the events to a free shard of analytics_daily_rollup.';

revoke execute on function public.analytics_rollup_on_change() from public, anon, authenticated;

create or replace trigger analytics_events_rollup_insert
after insert on public.analytics_events
referencing new table as changed_events
for each statement execute function public.analytics_rollup_on_change();

create or replace trigger analytics_events_rollup_delete
after delete on public.analytics_events
referencing old table as changed_events
for each statement execute function public.analytics_rollup_on_change();

create or replace function public.analytics_rollup_on_truncate()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  -- delete, not truncate: `truncate mashups cascade` truncates the rollup in the same
  -- statement, and a nested truncate of it fails with 55006 (table in use).
  delete from public.analytics_daily_rollup;
  return null;
end;
$$;

comment on function public.analytics_rollup_on_truncate() is
'AFTER TRUNCATE trigger on analytics_events: empties analytics_daily_rollup.';

revoke execute on function public.analytics_rollup_on_truncate() from public, anon, authenticated;

create or replace trigger analytics_events_rollup_truncate
after truncate on public.analytics_events
for each statement execute function public.analytics_rollup_on_truncate();

create or replace function public.analytics_events_immutable()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.mashup_id is distinct from old.mashup_id
    or new.event_type is distinct from old.event_type
    or new.created_at is distinct from old.created_at then
    raise exception 'analytics events are immutable (mashup_id, event_type, created_at)' using errcode = '55000';
  end if;
  return new;
end;
$$;

comment on function public.analytics_events_immutable() is
'BEFORE UPDATE trigger on analytics_events: mashup_id, event_type and created_at never change (55000).';

revoke execute on function public.analytics_events_immutable() from public, anon, authenticated;

create or replace trigger analytics_events_immutable
before update on public.analytics_events
for each row execute function public.analytics_events_immutable();

create or replace function public.analytics_play_key(p_mashup_id uuid, p_listener text, p_at timestamptz)
returns uuid
language sql
immutable
strict
set search_path = pg_catalog, pg_temp
as $$
  select pg_catalog.md5(
    'play:' || p_mashup_id::text || ':' || p_listener || ':'
    || pg_catalog.floor(pg_catalog.date_part('epoch', p_at) / 1800)::bigint::text
  )::uuid
$$;

comment on function public.analytics_play_key(uuid, text, timestamptz) is
'Dedupe key of a play: one per (mashup, listener, UTC half-hour window starting at :00 or :30).';

revoke execute on function public.analytics_play_key(uuid, text, timestamptz) from public, anon, authenticated;
grant execute on function public.analytics_play_key(uuid, text, timestamptz) to service_role;

create or replace function public.log_analytics_event(
  p_mashup_id uuid,
  p_event_type text,
  p_metadata jsonb default '{}'::jsonb
)
returns bigint
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  uid uuid := (select auth.uid());
  client boolean := pg_catalog.current_setting('role', true) in ('anon', 'authenticated');
  headers jsonb;
  listener text;
  key uuid;
  new_id bigint;
begin
  if p_event_type is null
    or p_event_type not in ('play', 'like', 'share', 'comment', 'save', 'skip', 'download', 'embed') then
    raise exception 'unknown analytics event type %', p_event_type using errcode = '22023';
  end if;
  if p_metadata is not null
    and (pg_catalog.jsonb_typeof(p_metadata) <> 'object' or pg_catalog.octet_length(p_metadata::text) > 2048) then
    raise exception 'metadata must be a JSON object of at most 2 kB' using errcode = '22023';
  end if;
  if p_event_type in ('like', 'comment') or (p_event_type = 'save' and client) then
    raise exception '% events are recorded by the action itself, not logged', p_event_type
    using errcode = '42501',
    hint = 'like and comment events come from mashup_likes and mashup_comments; save events from the server';
  end if;
  -- lock the mashup against a concurrent delete (which then wins: not found), so the
  -- insert below never fails its foreign key (23503) because of another client's timing
  perform 1 from public.mashups as m where m.id = p_mashup_id for key share;
  if not found or not public.can_view_mashup(p_mashup_id) then
    raise exception 'mashup % not found', p_mashup_id using errcode = 'P0002';
  end if;

  if p_event_type = 'play' and client then
    if uid is not null then
      listener := 'user:' || uid::text;
    else
      headers := nullif(pg_catalog.current_setting('request.headers', true), '')::jsonb;
      listener := coalesce(
        'addr:' || coalesce(
          headers ->> 'cf-connecting-ip',
          headers ->> 'x-real-ip',
          nullif(pg_catalog.btrim(pg_catalog.split_part(headers ->> 'x-forwarded-for', ',', -1)), '')
        ),
        'anonymous'
      );
    end if;
    key := public.analytics_play_key(p_mashup_id, listener, pg_catalog.now());
  end if;

  insert into public.analytics_events (user_id, mashup_id, event_type, metadata, dedupe_key)
  values (uid, p_mashup_id, p_event_type, coalesce(p_metadata, '{}'::jsonb), key)
  on conflict (dedupe_key) where dedupe_key is not null do nothing
  returning id into new_id;
  return new_id;  -- null: this listener's play of this mashup already counts in this window
end;
$$;

comment on function public.log_analytics_event(uuid, text, jsonb) is
'Logs a play/share/skip/download/embed on a mashup the caller can see, as auth.uid(); plays once per listener and half hour.';

revoke execute on function public.log_analytics_event(uuid, text, jsonb) from public, anon, authenticated;
grant execute on function public.log_analytics_event(uuid, text, jsonb) to anon, authenticated, service_role;

create or replace function public.analytics_log_engagement()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if tg_table_name = 'mashup_likes' and tg_op = 'INSERT' then
    insert into public.analytics_events (user_id, mashup_id, event_type, dedupe_key)
    select n.user_id, n.mashup_id, 'like', pg_catalog.md5('like:' || n.mashup_id::text || ':' || n.user_id::text)::uuid
    from new_rows as n
    order by n.mashup_id, n.user_id
    on conflict (dedupe_key) where dedupe_key is not null do nothing;
  elsif tg_table_name = 'mashup_likes' then
    delete from public.analytics_events as e
    using old_rows as o
    where e.dedupe_key = pg_catalog.md5('like:' || o.mashup_id::text || ':' || o.user_id::text)::uuid;
  elsif tg_op = 'INSERT' then
    insert into public.analytics_events (user_id, mashup_id, event_type, dedupe_key)
    select n.user_id, n.mashup_id, 'comment', n.id
    from new_rows as n
    order by n.mashup_id, n.id
    on conflict (dedupe_key) where dedupe_key is not null do nothing;
  else
    delete from public.analytics_events as e
    using old_rows as o
    where e.dedupe_key = o.id;
  end if;
  return null;
end;
$$;

comment on function public.analytics_log_engagement() is
'AFTER INSERT/DELETE statement trigger on mashup_likes and mashup_comments: one like/comment event per live like/comment.';

revoke execute on function public.analytics_log_engagement() from public, anon, authenticated;

create or replace trigger mashup_likes_log_insert
after insert on public.mashup_likes
referencing new table as new_rows
for each statement execute function public.analytics_log_engagement();

create or replace trigger mashup_likes_log_delete
after delete on public.mashup_likes
referencing old table as old_rows
for each statement execute function public.analytics_log_engagement();

create or replace trigger mashup_comments_log_insert
after insert on public.mashup_comments
referencing new table as new_rows
for each statement execute function public.analytics_log_engagement();

create or replace trigger mashup_comments_log_delete
after delete on public.mashup_comments
referencing old table as old_rows
for each statement execute function public.analytics_log_engagement();

create or replace function public.total_plays(p_row public.user_gamification)
returns bigint
language sql
stable
security invoker
set search_path = pg_catalog, pg_temp
as $$
  select coalesce(pg_catalog.sum(r.plays), 0)::bigint
  from public.analytics_daily_rollup as r
  where r.creator_id = p_row.user_id
$$;

comment on function public.total_plays(public.user_gamification) is
'Computed field user_gamification.total_plays: plays of the user''s live mashups, summed from the rollup (RLS applies).';

revoke execute on function public.total_plays(public.user_gamification) from public, anon, authenticated;
grant execute on function public.total_plays(public.user_gamification) to authenticated, service_role;

create or replace function public.creator_analytics_timeseries(p_period text default 'day', p_range integer default 30)
returns table (bucket date, plays bigint, likes bigint, shares bigint, comments bigint)
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
  step interval;
  last_bucket date;
  first_bucket date;
begin
  if uid is null then
    raise exception 'sign in to see your analytics' using errcode = '42501';
  end if;
  if p_period is null or p_period not in ('day', 'week', 'month') then
    raise exception 'period must be day, week or month, got %', p_period using errcode = '22023';
  end if;
  if p_range is null or p_range < 1
    or p_range > (case p_period when 'day' then 1000 when 'week' then 520 else 120 end) then
    raise exception 'range % out of bounds for period %', p_range, p_period using errcode = '22023';
  end if;

  step := ('1 ' || p_period)::interval;
  last_bucket := pg_catalog.date_trunc(p_period, (pg_catalog.now() at time zone 'UTC')::date::timestamp)::date;
  first_bucket := (last_bucket - step * (p_range - 1))::date;

  return query
  with agg as (
    select
      pg_catalog.date_trunc(p_period, r.day::timestamp)::date as b,
      pg_catalog.sum(r.plays)::bigint as plays,
      pg_catalog.sum(r.likes)::bigint as likes,
      pg_catalog.sum(r.shares)::bigint as shares,
      pg_catalog.sum(r.comments)::bigint as comments
    from public.analytics_daily_rollup as r
    where r.creator_id = uid and r.day >= first_bucket
    group by 1
  )

  select
    g.b::date,
    coalesce(a.plays, 0)::bigint,
    coalesce(a.likes, 0)::bigint,
    coalesce(a.shares, 0)::bigint,
    coalesce(a.comments, 0)::bigint
  from pg_catalog.generate_series(first_bucket::timestamp, last_bucket::timestamp, step) as g (b)
  left join agg as a on g.b::date = a.b
  order by 1;
end;
$$;

comment on function public.creator_analytics_timeseries(text, integer) is
'Zero-filled day/week/month series of plays, likes, shares, comments on the caller''s mashups (UTC), from the rollup.';

revoke execute on function public.creator_analytics_timeseries(text, integer) from public, anon, authenticated;
grant execute on function public.creator_analytics_timeseries(text, integer) to authenticated, service_role;
