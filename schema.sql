--
-- PostgreSQL database dump
--



SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET transaction_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: auth; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA auth;


--
-- Name: vector; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA public;


--
-- Name: EXTENSION vector; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION vector IS 'mashdb: created by migration 0018_mashup_embeddings';


--
-- Name: email(); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.email() RETURNS text
    LANGUAGE sql STABLE
    AS $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$$;


--
-- Name: FUNCTION email(); Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON FUNCTION auth.email() IS 'Supabase contract: the JWT email claim of the current request, or null.';


--
-- Name: jwt(); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.jwt() RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;


--
-- Name: FUNCTION jwt(); Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON FUNCTION auth.jwt() IS 'Supabase contract: all JWT claims of the current request as jsonb, or null.';


--
-- Name: role(); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.role() RETURNS text
    LANGUAGE sql STABLE
    AS $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;


--
-- Name: FUNCTION role(); Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON FUNCTION auth.role() IS 'Supabase contract: the JWT role claim of the current request, or null.';


--
-- Name: uid(); Type: FUNCTION; Schema: auth; Owner: -
--

CREATE FUNCTION auth.uid() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;


--
-- Name: FUNCTION uid(); Type: COMMENT; Schema: auth; Owner: -
--

COMMENT ON FUNCTION auth.uid() IS 'Supabase contract: the JWT subject (user id) of the current request, or null.';


--
-- Name: analytics_events_immutable(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.analytics_events_immutable() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  if new.mashup_id is distinct from old.mashup_id
    or new.event_type is distinct from old.event_type
    or new.created_at is distinct from old.created_at then
    raise exception 'analytics events are immutable (mashup_id, event_type, created_at)' using errcode = '55000';
  end if;
  return new;
end;
$$;


--
-- Name: FUNCTION analytics_events_immutable(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.analytics_events_immutable() IS 'BEFORE UPDATE trigger on analytics_events: mashup_id, event_type and created_at never change (55000).';


--
-- Name: analytics_log_engagement(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.analytics_log_engagement() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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


--
-- Name: FUNCTION analytics_log_engagement(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.analytics_log_engagement() IS 'AFTER INSERT/DELETE statement trigger on mashup_likes and mashup_comments: one like/comment event per live like/comment.';


--
-- Name: analytics_play_key(uuid, text, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.analytics_play_key(p_mashup_id uuid, p_listener text, p_at timestamp with time zone) RETURNS uuid
    LANGUAGE sql IMMUTABLE STRICT
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select pg_catalog.md5(
    'play:' || p_mashup_id::text || ':' || p_listener || ':'
    || pg_catalog.floor(pg_catalog.date_part('epoch', p_at) / 1800)::bigint::text
  )::uuid
$$;


--
-- Name: FUNCTION analytics_play_key(p_mashup_id uuid, p_listener text, p_at timestamp with time zone); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.analytics_play_key(p_mashup_id uuid, p_listener text, p_at timestamp with time zone) IS 'Dedupe key of a play: one per (mashup, listener, UTC half-hour window starting at :00 or :30).';


--
-- Name: analytics_rollup_on_change(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.analytics_rollup_on_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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


--
-- Name: FUNCTION analytics_rollup_on_change(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.analytics_rollup_on_change() IS 'AFTER INSERT/DELETE statement trigger on analytics_events: adds (subtracts) the events to a free shard of analytics_daily_rollup.';


--
-- Name: analytics_rollup_on_truncate(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.analytics_rollup_on_truncate() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  -- delete, not truncate: `truncate mashups cascade` truncates the rollup in the same
  -- statement, and a nested truncate of it fails with 55006 (table in use).
  delete from public.analytics_daily_rollup;
  return null;
end;
$$;


--
-- Name: FUNCTION analytics_rollup_on_truncate(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.analytics_rollup_on_truncate() IS 'AFTER TRUNCATE trigger on analytics_events: empties analytics_daily_rollup.';


--
-- Name: award_xp(uuid, integer, text, uuid, jsonb, text, boolean, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.award_xp(p_user_id uuid, p_amount integer, p_reason text, p_reference_id uuid DEFAULT NULL::uuid, p_metadata jsonb DEFAULT '{}'::jsonb, p_counter text DEFAULT NULL::text, p_is_activity boolean DEFAULT true, p_mashup_id uuid DEFAULT NULL::uuid) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
declare
  g public.user_gamification;
  credited integer := 0;
  new_badge_count integer;
  badge_xp integer;
  this_week date := pg_catalog.date_trunc('week', pg_catalog.now() at time zone 'UTC')::date;
  last_week date;
begin
  if pg_catalog.pg_trigger_depth() = 0
    and pg_catalog.current_setting('role', true) in ('anon', 'authenticated') then
    raise exception 'award_xp is not callable by clients' using errcode = '42501';
  end if;
  if p_user_id is null or p_reason is null or p_amount is null then
    raise exception 'user, amount and reason are required' using errcode = '22023';
  end if;
  if p_amount < 1 or p_amount > 100000 then
    raise exception 'xp amount must be between 1 and 100000, got %', p_amount using errcode = '22023';
  end if;
  if p_reason !~ '^[a-z0-9_:.-]{1,64}$' or p_reason like 'badge:%' then
    raise exception 'invalid xp reason %', p_reason using errcode = '22023';
  end if;
  if p_counter is not null and p_counter not in ('total_mashups', 'total_likes_received') then
    raise exception 'invalid counter %', p_counter using errcode = '22023';
  end if;
  if not exists (select 1 from public.profiles as p where p.id = p_user_id) then
    raise exception 'user % does not exist', p_user_id using errcode = 'P0002';
  end if;
  if p_mashup_id is not null and not exists (select 1 from public.mashups as m where m.id = p_mashup_id) then
    raise exception 'mashup % does not exist', p_mashup_id using errcode = 'P0002';
  end if;

  insert into public.user_gamification (user_id) values (p_user_id) on conflict (user_id) do nothing;
  select * into g from public.user_gamification as ug where ug.user_id = p_user_id for update;

  insert into public.xp_transactions (user_id, amount, reason, reference_id, metadata, counter, mashup_id)
  values (p_user_id, p_amount, p_reason, p_reference_id, coalesce(p_metadata, '{}'::jsonb), p_counter, p_mashup_id)
  on conflict on constraint xp_transactions_user_reason_reference_key do nothing;
  if not found then
    return 0;  -- already awarded: idempotent no-op
  end if;
  credited := p_amount;

  g.total_xp := g.total_xp + p_amount;
  if p_counter = 'total_mashups' then
    g.total_mashups := g.total_mashups + 1;
  elsif p_counter = 'total_likes_received' then
    g.total_likes_received := g.total_likes_received + 1;
  end if;
  if p_is_activity then
    last_week := pg_catalog.date_trunc('week', g.last_activity_at at time zone 'UTC')::date;
    if last_week is null or last_week < this_week - 7 then
      g.weekly_streak := 1;
    elsif last_week = this_week - 7 then
      g.weekly_streak := g.weekly_streak + 1;
    else
      g.weekly_streak := greatest(g.weekly_streak, 1);
    end if;
    g.longest_streak := greatest(g.longest_streak, g.weekly_streak);
    g.last_activity_at := pg_catalog.now();
  end if;
  g.current_level := public.xp_level(g.total_xp);

  -- grant every badge whose condition is met; badge XP may unlock more badges.
  loop
    with new_badges as (
      insert into public.user_badges (user_id, badge_id)
      select p_user_id, b.id
      from public.badges as b
      where
        public.badge_progress(g, b.condition_type) >= b.condition_value
      on conflict on constraint user_badges_user_id_badge_id_key do nothing
      returning badge_id
    ),

    badge_credit as (
      insert into public.xp_transactions (user_id, amount, reason, metadata)
      select p_user_id, b.xp_reward, 'badge:' || b.id, pg_catalog.jsonb_build_object('badge_id', b.id)
      from new_badges as nb
      inner join public.badges as b on nb.badge_id = b.id
      where b.xp_reward > 0
      on conflict on constraint xp_transactions_user_reason_reference_key do nothing
      returning amount
    )

    select
      (select pg_catalog.count(*) from new_badges),
      (select coalesce(pg_catalog.sum(bc.amount), 0) from badge_credit as bc)
    into new_badge_count, badge_xp;

    exit when new_badge_count = 0;
    credited := credited + badge_xp;
    g.total_xp := g.total_xp + badge_xp;
    g.current_level := public.xp_level(g.total_xp);
  end loop;

  update public.user_gamification as ug
  set
    total_xp = g.total_xp,
    current_level = g.current_level,
    weekly_streak = g.weekly_streak,
    longest_streak = g.longest_streak,
    last_activity_at = g.last_activity_at,
    total_mashups = g.total_mashups,
    total_likes_received = g.total_likes_received,
    updated_at = pg_catalog.now()
  where ug.user_id = p_user_id;

  return credited;
end;
$_$;


--
-- Name: FUNCTION award_xp(p_user_id uuid, p_amount integer, p_reason text, p_reference_id uuid, p_metadata jsonb, p_counter text, p_is_activity boolean, p_mashup_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.award_xp(p_user_id uuid, p_amount integer, p_reason text, p_reference_id uuid, p_metadata jsonb, p_counter text, p_is_activity boolean, p_mashup_id uuid) IS 'Credits XP once per (user, reason, reference); updates level, streak, counters and badges. service_role and triggers only.';


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: user_gamification; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.user_gamification (
    user_id uuid NOT NULL,
    total_xp integer DEFAULT 0 NOT NULL,
    current_level integer DEFAULT 1 NOT NULL,
    weekly_streak integer DEFAULT 0 NOT NULL,
    longest_streak integer DEFAULT 0 NOT NULL,
    last_activity_at timestamp with time zone,
    total_mashups integer DEFAULT 0 NOT NULL,
    total_likes_received integer DEFAULT 0 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_uploads integer DEFAULT 0 NOT NULL,
    deleted_uploads_month date,
    CONSTRAINT user_gamification_current_level_check CHECK ((current_level >= 1)),
    CONSTRAINT user_gamification_deleted_uploads_check CHECK ((deleted_uploads >= 0)),
    CONSTRAINT user_gamification_longest_streak_check CHECK ((longest_streak >= 0)),
    CONSTRAINT user_gamification_total_likes_received_check CHECK ((total_likes_received >= 0)),
    CONSTRAINT user_gamification_total_mashups_check CHECK ((total_mashups >= 0)),
    CONSTRAINT user_gamification_total_xp_check CHECK ((total_xp >= 0)),
    CONSTRAINT user_gamification_weekly_streak_check CHECK ((weekly_streak >= 0))
);


--
-- Name: TABLE user_gamification; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.user_gamification IS 'Per-user XP totals, level, weekly streak; written only by public.award_xp().';


--
-- Name: badge_progress(public.user_gamification, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.badge_progress(p_row public.user_gamification, p_condition_type text) RETURNS integer
    LANGUAGE sql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select case p_condition_type
    when 'total_xp' then p_row.total_xp
    when 'level' then p_row.current_level
    when 'weekly_streak' then p_row.weekly_streak
    when 'total_mashups' then p_row.total_mashups
    when 'total_likes_received' then p_row.total_likes_received
  end
$$;


--
-- Name: FUNCTION badge_progress(p_row public.user_gamification, p_condition_type text); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.badge_progress(p_row public.user_gamification, p_condition_type text) IS 'The value a badge condition_type compares with condition_value for a user (null for manual badges).';


--
-- Name: battle_tally(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.battle_tally(p_battle_id uuid) RETURNS TABLE(entry_id uuid, votes bigint)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
  select e.entry_id, (
    select pg_catalog.count(*)
    from public.battle_votes as v
    where v.battle_id = b.id and v.entry_id = e.entry_id
  ) as votes
  from public.battles as b
  cross join lateral (values (b.entry_a_id, 1), (b.entry_b_id, 2)) as e (entry_id, ord)
  where b.id = p_battle_id
  order by e.ord
$$;


--
-- Name: FUNCTION battle_tally(p_battle_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.battle_tally(p_battle_id uuid) IS 'Vote count of each of the two entries of a battle (entry A first); empty when the battle does not exist.';


--
-- Name: battle_votes_validate(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.battle_votes_validate() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  b record;
  entry_author uuid;
begin
  select bt.status, bt.ends_at, bt.entry_a_id, bt.entry_b_id
  into b
  from public.battles as bt
  where bt.id = new.battle_id
  for share;

  if not found then
    raise exception 'battle % does not exist', new.battle_id using errcode = 'P0002';
  end if;
  if new.entry_id is distinct from b.entry_a_id and new.entry_id is distinct from b.entry_b_id then
    raise exception 'entry % is not part of battle %', new.entry_id, new.battle_id using errcode = '22023';
  end if;
  if b.status <> 'open' or b.ends_at <= pg_catalog.now() then
    raise exception 'battle % is not open for voting', new.battle_id using errcode = '55000';
  end if;

  select ce.user_id into entry_author from public.challenge_entries as ce where ce.id = new.entry_id;
  if entry_author = new.user_id then
    raise exception 'you cannot vote for your own entry' using errcode = '42501';
  end if;
  return new;
end;
$$;


--
-- Name: FUNCTION battle_votes_validate(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.battle_votes_validate() IS 'BEFORE INSERT/UPDATE trigger on battle_votes: entry in battle (22023), battle open (55000), not own entry (42501).';


--
-- Name: caller_id(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.caller_id() RETURNS uuid
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    AS $$
begin
  return auth.uid();
end;
$$;


--
-- Name: FUNCTION caller_id(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.caller_id() IS 'auth.uid() that the planner does not inline (cheap to plan); RLS helper for policies.';


--
-- Name: can_list_mashup(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.can_list_mashup(mashup_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select exists (
    select 1
    from public.mashups as m
    where
      m.id = can_list_mashup.mashup_id
      and (
        (m.status = 'published' and m.visibility = 'public')
        or m.creator_id = (select auth.uid())
      )
  )
$$;


--
-- Name: FUNCTION can_list_mashup(mashup_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.can_list_mashup(mashup_id uuid) IS 'True when the mashup may be listed to the caller: published and public, or created by the caller (never unlisted).';


--
-- Name: can_view_mashup(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.can_view_mashup(mashup_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select exists (
    select 1
    from public.mashups as m
    where
      m.id = can_view_mashup.mashup_id
      and (
        (m.status = 'published' and m.visibility in ('public', 'unlisted'))
        or m.creator_id = (select auth.uid())
      )
  )
$$;


--
-- Name: FUNCTION can_view_mashup(mashup_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.can_view_mashup(mashup_id uuid) IS 'True when the caller may see the mashup: published and public/unlisted, or created by the caller.';


--
-- Name: captions_serialize_track(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.captions_serialize_track() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  -- the key save_captions locks: one caption track is written by one transaction at a time
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('captions:' || new.mashup_id::text, 0));
  return new;
end;
$$;


--
-- Name: FUNCTION captions_serialize_track(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.captions_serialize_track() IS 'BEFORE INSERT/UPDATE trigger on captions: takes save_captions'' per-mashup lock, so direct writes and saves serialise.';


--
-- Name: challenge_entries_withdraw_free(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.challenge_entries_withdraw_free() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  delete from public.challenge_entries as ce
  where
    ce.mashup_id = old.id
    and exists (
      select 1 from public.challenges as c
      where c.id = ce.challenge_id and c.status = 'active'
    )
    and not exists (
      select 1 from public.battles as b
      where b.entry_a_id = ce.id or b.entry_b_id = ce.id
    );
  return old;
end;
$$;


--
-- Name: FUNCTION challenge_entries_withdraw_free(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.challenge_entries_withdraw_free() IS 'BEFORE DELETE on mashups: withdraws its entries of active challenges that are in no battle; the others become tombstones.';


--
-- Name: check_usage_limit(text, uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.check_usage_limit(p_resource text, p_user_id uuid DEFAULT NULL::uuid) RETURNS TABLE(allowed boolean, tier text, "limit" integer, used integer, remaining integer)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  caller uuid := (select auth.uid());
  who uuid;
  user_tier text := 'free';
  lim integer;
  n integer := 0;
  month_start timestamptz := pg_catalog.date_trunc('month', pg_catalog.now() at time zone 'UTC') at time zone 'UTC';
begin
  if p_resource is null or p_resource not in ('mashup_upload', 'stem_separation', 'ai_generation', 'auto_caption') then
    raise exception 'unknown resource %', p_resource using errcode = '22023';
  end if;
  if p_user_id is not null and p_user_id is distinct from caller
    and pg_catalog.current_setting('role', true) in ('anon', 'authenticated') then
    raise exception 'you can only check your own usage' using errcode = '42501';
  end if;
  who := coalesce(p_user_id, caller);

  if who is not null then
    select s.tier into user_tier
    from public.subscriptions as s
    where
      s.user_id = who
      and s.status in ('active', 'trialing', 'past_due')
      and (s.current_period_end is null or s.current_period_end > pg_catalog.now());
    user_tier := coalesce(user_tier, 'free');

    if p_resource = 'mashup_upload' then
      -- uploads of this month = the live ones plus those deleted again (no refund)
      select pg_catalog.count(*) into n
      from public.mashups as m
      where m.creator_id = who and m.created_at >= month_start;
      n := n + coalesce((
        select g.deleted_uploads
        from public.user_gamification as g
        where g.user_id = who and g.deleted_uploads_month = (month_start at time zone 'UTC')::date
      ), 0);
    else
      select pg_catalog.count(*) into n
      from public.ai_jobs as j
      where
        j.user_id = who
        and j.job_type = any(
          case p_resource
            when 'ai_generation' then array['ai_generation', 'ai_completion']
            else array[p_resource]
          end
        )
        and j.created_at >= month_start;
    end if;
  end if;

  select t.monthly_limit into lim
  from public.tier_limits as t
  where t.tier = user_tier and t.resource = p_resource;
  if not found then
    lim := 0;  -- a tier without a row for the resource gets nothing (fail closed)
  end if;

  return query select
    (lim is null or n < lim),
    user_tier,
    lim,
    n,
    case when lim is null then null else greatest(lim - n, 0) end;
end;
$$;


--
-- Name: FUNCTION check_usage_limit(p_resource text, p_user_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.check_usage_limit(p_resource text, p_user_id uuid) IS 'Monthly usage of a resource against the tier limit for the caller (or, for service_role, any user).';


--
-- Name: collab_session_close_rooms(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.collab_session_close_rooms() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  update public.voice_rooms as r
  set status = 'closed'
  where r.session_id = new.id and r.status = 'open';
  return null;
end;
$$;


--
-- Name: FUNCTION collab_session_close_rooms(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.collab_session_close_rooms() IS 'AFTER UPDATE trigger on collaboration_sessions: closes the open voice rooms of a session that ended.';


--
-- Name: collab_session_ids_of_caller(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.collab_session_ids_of_caller() RETURNS uuid[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select array(
    select s.id
    from public.collaboration_sessions as s
    where s.host_id = (select auth.uid())
    union
    select p.session_id
    from public.collaboration_participants as p
    where p.user_id = (select auth.uid()) and p.status = 'joined'
  )
$$;


--
-- Name: FUNCTION collab_session_ids_of_caller(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.collab_session_ids_of_caller() IS 'Ids of the collaboration sessions the caller hosts or has joined (and not left), as an array; RLS helper.';


--
-- Name: count_deleted_uploads(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.count_deleted_uploads() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  month_start timestamptz := pg_catalog.date_trunc('month', pg_catalog.now() at time zone 'UTC') at time zone 'UTC';
  this_month date := (pg_catalog.date_trunc('month', pg_catalog.now() at time zone 'UTC'))::date;
begin
  -- creators in id order; a creator whose profile is being deleted is skipped
  insert into public.user_gamification as g (user_id, deleted_uploads, deleted_uploads_month)
  select o.creator_id, pg_catalog.count(*)::integer, this_month
  from old_mashups as o
  where
    o.created_at >= month_start
    and exists (select 1 from public.profiles as p where p.id = o.creator_id)
  group by o.creator_id
  order by o.creator_id
  on conflict (user_id) do update
    set
      deleted_uploads = case
        when g.deleted_uploads_month = excluded.deleted_uploads_month
          then g.deleted_uploads + excluded.deleted_uploads
        else excluded.deleted_uploads
      end,
      deleted_uploads_month = excluded.deleted_uploads_month;
  return null;
end;
$$;


--
-- Name: FUNCTION count_deleted_uploads(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.count_deleted_uploads() IS 'AFTER DELETE statement trigger on mashups: mashups created this month still count against the upload limit once deleted.';


--
-- Name: create_collab_session(text, uuid, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.create_collab_session(p_title text, p_mashup_id uuid DEFAULT NULL::uuid, p_max_participants integer DEFAULT 8) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  uid uuid := (select auth.uid());
  sid uuid;
begin
  if uid is null then
    raise exception 'sign in to host a session' using errcode = '42501';
  end if;
  if p_title is null or pg_catalog.length(pg_catalog.btrim(p_title)) not between 1 and 200 then
    raise exception 'title must be 1 to 200 characters' using errcode = '22023';
  end if;
  if p_max_participants is null or p_max_participants not between 1 and 32 then
    raise exception 'max_participants must be between 1 and 32' using errcode = '22023';
  end if;
  if p_mashup_id is not null and not public.is_mashup_creator(p_mashup_id) then
    raise exception 'you can only open a session on your own mashup' using errcode = '42501';
  end if;

  insert into public.collaboration_sessions (host_id, mashup_id, title, max_participants)
  values (uid, p_mashup_id, pg_catalog.btrim(p_title), p_max_participants)
  returning id into sid;
  insert into public.collaboration_participants (session_id, user_id, role)
  values (sid, uid, 'host');
  return sid;
end;
$$;


--
-- Name: FUNCTION create_collab_session(p_title text, p_mashup_id uuid, p_max_participants integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.create_collab_session(p_title text, p_mashup_id uuid, p_max_participants integer) IS 'Creates an active collaboration session hosted by the caller; returns its id.';


--
-- Name: creator_analytics_timeseries(text, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.creator_analytics_timeseries(p_period text DEFAULT 'day'::text, p_range integer DEFAULT 30) RETURNS TABLE(bucket date, plays bigint, likes bigint, shares bigint, comments bigint)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
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


--
-- Name: FUNCTION creator_analytics_timeseries(p_period text, p_range integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.creator_analytics_timeseries(p_period text, p_range integer) IS 'Zero-filled day/week/month series of plays, likes, shares, comments on the caller''s mashups (UTC), from the rollup.';


--
-- Name: earnings_summary(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.earnings_summary() RETURNS TABLE(total_received numeric, recipient_split_count bigint, active_recipient_split_count bigint, last_payout_at timestamp with time zone, created_split_count bigint, created_split_revenue numeric, created_split_distributed numeric)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
  uid uuid := (select auth.uid());
begin
  if uid is null then
    raise exception 'sign in to see your earnings' using errcode = '42501';
  end if;
  return query
  select
    coalesce((select pg_catalog.sum(r.total_received) from public.revenue_split_recipients as r where r.user_id = uid), 0),
    (select pg_catalog.count(distinct r.split_id) from public.revenue_split_recipients as r where r.user_id = uid),
    (
      select pg_catalog.count(distinct r.split_id)
      from public.revenue_split_recipients as r
      inner join public.revenue_splits as s on r.split_id = s.id
      where r.user_id = uid and s.status = 'active'
    ),
    (select pg_catalog.max(r.last_payout_at) from public.revenue_split_recipients as r where r.user_id = uid),
    (select pg_catalog.count(*) from public.revenue_splits as s where s.creator_id = uid),
    coalesce((select pg_catalog.sum(s.total_revenue) from public.revenue_splits as s where s.creator_id = uid), 0),
    coalesce((select pg_catalog.sum(s.total_distributed) from public.revenue_splits as s where s.creator_id = uid), 0);
end;
$$;


--
-- Name: FUNCTION earnings_summary(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.earnings_summary() IS 'Earnings of the caller as a recipient, and takings of the splits they created.';


--
-- Name: end_collab_session(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.end_collab_session(p_session_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  uid uuid := (select auth.uid());
  s public.collaboration_sessions;
begin
  if uid is null then
    raise exception 'sign in to end a session' using errcode = '42501';
  end if;
  select * into s from public.collaboration_sessions as cs where cs.id = p_session_id for update;
  if not found or (s.host_id <> uid and not public.is_collab_member(p_session_id)) then
    raise exception 'session % not found', p_session_id using errcode = 'P0002';
  end if;
  if s.host_id <> uid then
    raise exception 'only the host can end session %', p_session_id using errcode = '42501';
  end if;
  if s.status = 'ended' then
    return;
  end if;

  update public.collaboration_sessions as cs
  set status = 'ended', ended_at = pg_catalog.now()
  where cs.id = p_session_id;
  update public.collaboration_participants as cp
  set status = 'left', left_at = pg_catalog.now()
  where cp.session_id = p_session_id and cp.status = 'joined';
end;
$$;


--
-- Name: FUNCTION end_collab_session(p_session_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.end_collab_session(p_session_id uuid) IS 'Host only: ends the session and marks every participant as left (idempotent).';


--
-- Name: enforce_usage_limit(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.enforce_usage_limit() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  owner_id uuid;
  res text;
  u record;
begin
  if pg_catalog.current_setting('role', true) not in ('anon', 'authenticated') then
    return new;  -- service_role and the owner: the server decides
  end if;
  if tg_table_name = 'mashups' then
    owner_id := new.creator_id;
    res := 'mashup_upload';
  else
    owner_id := new.user_id;
    res := case new.job_type when 'ai_completion' then 'ai_generation' else new.job_type end;
  end if;
  if owner_id is distinct from (select auth.uid()) then
    return new;  -- not the caller's own row: the insert policy refuses it (42501)
  end if;

  -- serialise a user's concurrent inserts of one resource, then count with a fresh snapshot
  perform pg_catalog.pg_advisory_xact_lock(
    pg_catalog.hashtextextended('check_usage_limit:' || res || ':' || owner_id::text, 0)
  );
  select * into u from public.check_usage_limit(res);
  if not u.allowed then
    raise exception 'monthly % limit reached: % of % used on the % tier', res, u.used, u."limit", u.tier
    using errcode = '42501', hint = 'the limit resets on the first day of next month (UTC), or upgrade the tier';
  end if;
  return new;
end;
$$;


--
-- Name: FUNCTION enforce_usage_limit(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.enforce_usage_limit() IS 'BEFORE INSERT trigger on mashups and ai_jobs: a client''s insert beyond its monthly tier limit is refused (42501).';


--
-- Name: mashups; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.mashups (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    creator_id uuid NOT NULL,
    title text NOT NULL,
    description text,
    genre text,
    tags text[] DEFAULT '{}'::text[] NOT NULL,
    audio_url text,
    cover_url text,
    duration_seconds integer,
    visibility text DEFAULT 'public'::text NOT NULL,
    status text DEFAULT 'draft'::text NOT NULL,
    like_count integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    published_at timestamp with time zone,
    embedding public.vector(1536),
    CONSTRAINT mashups_duration_seconds_check CHECK ((duration_seconds >= 0)),
    CONSTRAINT mashups_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'published'::text]))),
    CONSTRAINT mashups_text_limits CHECK ((((char_length(title) >= 1) AND (char_length(title) <= 200)) AND ((description IS NULL) OR (char_length(description) <= 5000)) AND ((genre IS NULL) OR (char_length(genre) <= 50)) AND (cardinality(tags) <= 20) AND (char_length(array_to_string(tags, ''::text)) <= 1000) AND ((audio_url IS NULL) OR (char_length(audio_url) <= 2048)) AND ((cover_url IS NULL) OR (char_length(cover_url) <= 2048)))),
    CONSTRAINT mashups_visibility_check CHECK ((visibility = ANY (ARRAY['public'::text, 'unlisted'::text, 'private'::text])))
);


--
-- Name: TABLE mashups; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.mashups IS 'A mashup; visible to everyone once published as public/unlisted, else to its creator only.';


--
-- Name: COLUMN mashups.embedding; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.mashups.embedding IS 'Embedding of title/genre/tags (1536-d); written by service_role only.';


--
-- Name: get_mashup(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.get_mashup(p_mashup_id uuid) RETURNS SETOF public.mashups
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select m.*
  from public.mashups as m
  where m.id = get_mashup.p_mashup_id and public.can_view_mashup(get_mashup.p_mashup_id)
$$;


--
-- Name: FUNCTION get_mashup(p_mashup_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.get_mashup(p_mashup_id uuid) IS 'The mashup with this id (the link) when the caller may view it (published public/unlisted, or own); else no row.';


--
-- Name: captions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.captions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    mashup_id uuid NOT NULL,
    segment_index integer NOT NULL,
    start_seconds numeric(10,3) NOT NULL,
    end_seconds numeric(10,3) NOT NULL,
    text text NOT NULL,
    language text DEFAULT 'en'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    mashup_listed boolean DEFAULT false NOT NULL,
    CONSTRAINT captions_check CHECK (((end_seconds > start_seconds) AND (start_seconds >= (0)::numeric))),
    CONSTRAINT captions_text_limits CHECK ((((char_length(text) >= 1) AND (char_length(text) <= 2000)) AND ((char_length(language) >= 2) AND (char_length(language) <= 16))))
);


--
-- Name: get_mashup_captions(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.get_mashup_captions(p_mashup_id uuid) RETURNS SETOF public.captions
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select c.*
  from public.captions as c
  where c.mashup_id = get_mashup_captions.p_mashup_id and public.can_view_mashup(get_mashup_captions.p_mashup_id)
  order by c.segment_index
$$;


--
-- Name: FUNCTION get_mashup_captions(p_mashup_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.get_mashup_captions(p_mashup_id uuid) IS 'The caption track of a mashup the caller may view (unlisted: by its link); no rows otherwise.';


--
-- Name: mashup_comments; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.mashup_comments (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    mashup_id uuid NOT NULL,
    user_id uuid NOT NULL,
    body text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    mashup_listed boolean DEFAULT false NOT NULL,
    CONSTRAINT mashup_comments_body_check CHECK (((length(body) >= 1) AND (length(body) <= 2000)))
);


--
-- Name: get_mashup_comments(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.get_mashup_comments(p_mashup_id uuid) RETURNS SETOF public.mashup_comments
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select c.*
  from public.mashup_comments as c
  where c.mashup_id = get_mashup_comments.p_mashup_id and public.can_view_mashup(get_mashup_comments.p_mashup_id)
  order by c.created_at, c.id
$$;


--
-- Name: FUNCTION get_mashup_comments(p_mashup_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.get_mashup_comments(p_mashup_id uuid) IS 'The comments of a mashup the caller may view (unlisted: by its link), oldest first; no rows otherwise.';


--
-- Name: handle_new_user(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.handle_new_user() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  meta jsonb := coalesce(new.raw_user_meta_data, '{}'::jsonb);
  wanted_username text := nullif(pg_catalog.btrim(meta ->> 'username'), '');
  wanted_display_name text := coalesce(
    nullif(pg_catalog.btrim(meta ->> 'display_name'), ''),
    nullif(pg_catalog.btrim(meta ->> 'full_name'), ''),
    nullif(pg_catalog.btrim(meta ->> 'name'), '')
  );
  wanted_avatar_url text := nullif(pg_catalog.btrim(meta ->> 'avatar_url'), '');
begin
  begin
    insert into public.profiles (id, username, display_name, avatar_url)
    values (new.id, wanted_username, wanted_display_name, wanted_avatar_url);
  exception
    when unique_violation then
      -- the requested username is taken: create the profile without one.
      insert into public.profiles (id, username, display_name, avatar_url)
      values (new.id, null, wanted_display_name, wanted_avatar_url)
      on conflict (id) do nothing;
  end;
  return new;
end;
$$;


--
-- Name: FUNCTION handle_new_user(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.handle_new_user() IS 'AFTER INSERT trigger on auth.users: creates the public.profiles row of a new user.';


--
-- Name: is_collab_host(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.is_collab_host(session_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select exists (
    select 1
    from public.collaboration_sessions as s
    where
      s.id = is_collab_host.session_id
      and s.host_id = (select auth.uid())
  )
$$;


--
-- Name: FUNCTION is_collab_host(session_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.is_collab_host(session_id uuid) IS 'True when the caller hosts the collaboration session.';


--
-- Name: is_collab_member(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.is_collab_member(session_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select
    exists (
      select 1
      from public.collaboration_sessions as s
      where
        s.id = is_collab_member.session_id
        and s.host_id = (select auth.uid())
    )
    or exists (
      select 1
      from public.collaboration_participants as p
      where
        p.session_id = is_collab_member.session_id
        and p.user_id = (select auth.uid())
        and p.status = 'joined'
    )
$$;


--
-- Name: FUNCTION is_collab_member(session_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.is_collab_member(session_id uuid) IS 'True when the caller hosts the collaboration session or has joined it (and not left).';


--
-- Name: is_mashup_creator(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.is_mashup_creator(mashup_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select exists (
    select 1
    from public.mashups as m
    where
      m.id = is_mashup_creator.mashup_id
      and m.creator_id = (select auth.uid())
  )
$$;


--
-- Name: FUNCTION is_mashup_creator(mashup_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.is_mashup_creator(mashup_id uuid) IS 'True when the caller (auth.uid()) created the mashup.';


--
-- Name: join_collab_session(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.join_collab_session(p_session_id uuid) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  uid uuid := (select auth.uid());
  s public.collaboration_sessions;
  p public.collaboration_participants;
  joined_count integer;
begin
  if uid is null then
    raise exception 'sign in to join a session' using errcode = '42501';
  end if;
  select * into s from public.collaboration_sessions as cs where cs.id = p_session_id for update;
  if not found then
    raise exception 'session % not found', p_session_id using errcode = 'P0002';
  end if;

  select * into p from public.collaboration_participants as cp
  where cp.session_id = p_session_id and cp.user_id = uid;
  if found and p.status = 'joined' then
    return p.role;  -- already in: idempotent
  end if;
  if s.status <> 'active' then
    raise exception 'session % has ended', p_session_id using errcode = '55000';
  end if;

  select pg_catalog.count(*) into joined_count
  from public.collaboration_participants as cp
  where cp.session_id = p_session_id and cp.status = 'joined';
  if joined_count >= s.max_participants then
    raise exception 'session % is full', p_session_id using errcode = '55000';
  end if;

  insert into public.collaboration_participants as cp (session_id, user_id, role)
  values (p_session_id, uid, case when s.host_id = uid then 'host' else 'editor' end)
  on conflict (session_id, user_id) do update
    set status = 'joined', joined_at = pg_catalog.now(), left_at = null
  returning cp.role into p.role;
  return p.role;
end;
$$;


--
-- Name: FUNCTION join_collab_session(p_session_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.join_collab_session(p_session_id uuid) IS 'Joins an active, not full session as editor (idempotent); returns the caller''s role.';


--
-- Name: leave_collab_session(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.leave_collab_session(p_session_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  uid uuid := (select auth.uid());
begin
  if uid is null then
    raise exception 'sign in to leave a session' using errcode = '42501';
  end if;
  update public.collaboration_participants as cp
  set
    status = 'left',
    left_at = coalesce(cp.left_at, pg_catalog.now())
  where cp.session_id = p_session_id and cp.user_id = uid;
  if not found then
    raise exception 'you are not a participant of session %', p_session_id using errcode = 'P0002';
  end if;
end;
$$;


--
-- Name: FUNCTION leave_collab_session(p_session_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.leave_collab_session(p_session_id uuid) IS 'Marks the caller as having left the session (idempotent).';


--
-- Name: log_analytics_event(uuid, text, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.log_analytics_event(p_mashup_id uuid, p_event_type text, p_metadata jsonb DEFAULT '{}'::jsonb) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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


--
-- Name: FUNCTION log_analytics_event(p_mashup_id uuid, p_event_type text, p_metadata jsonb); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.log_analytics_event(p_mashup_id uuid, p_event_type text, p_metadata jsonb) IS 'Logs a play/share/skip/download/embed on a mashup the caller can see, as auth.uid(); plays once per listener and half hour.';


--
-- Name: mashup_child_recheck_listed(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.mashup_child_recheck_listed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  perform 1 from public.mashups as m
  where m.id in (select n.mashup_id from new_rows as n)
  order by m.id
  for share;
  -- one statement for the three tables: a like is keyed by (user_id, mashup_id), the
  -- others by id; the transition table new_rows is visible to EXECUTE
  execute pg_catalog.format(
    'update public.%I as t set mashup_listed = not t.mashup_listed
     from new_rows as n, public.mashups as m
     where %s and m.id = n.mashup_id
       and t.mashup_listed is distinct from (m.status = ''published'' and m.visibility = ''public'')',
    tg_table_name,
    case when tg_table_name = 'mashup_likes' then 't.user_id = n.user_id and t.mashup_id = n.mashup_id'
      else 't.id = n.id' end
  );
  return null;
end;
$$;


--
-- Name: FUNCTION mashup_child_recheck_listed(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.mashup_child_recheck_listed() IS 'AFTER INSERT statement trigger on likes/comments/captions: with the mashups locked, corrects a flag raced by a visibility change.';


--
-- Name: mashup_child_set_listed(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.mashup_child_set_listed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  -- a re-pointed row has no AFTER recheck: its new mashup is locked FOR SHARE first, so
  -- a visibility change in flight is waited for (and then read), and one that starts
  -- later waits for this row's commit and rewrites it (its trigger sees the row)
  if tg_op = 'UPDATE' and new.mashup_id is distinct from old.mashup_id then
    perform 1 from public.mashups as m where m.id = new.mashup_id for share;
  end if;
  new.mashup_listed := coalesce((
    select m.status = 'published' and m.visibility = 'public'
    from public.mashups as m
    where m.id = new.mashup_id
  ), false);
  return new;
end;
$$;


--
-- Name: FUNCTION mashup_child_set_listed(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.mashup_child_set_listed() IS 'BEFORE row trigger on likes/comments/captions: mashup_listed = the mashup is published and public.';


--
-- Name: mashup_likes_count(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.mashup_likes_count() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  moved_ids uuid[];
  moved_by integer[];
begin
  -- the net change per mashup (a transition table exists only for its own operations)
  if tg_op = 'INSERT' then
    select pg_catalog.array_agg(d.mashup_id order by d.mashup_id),
           pg_catalog.array_agg(d.n order by d.mashup_id)
    into moved_ids, moved_by
    from (select n.mashup_id, pg_catalog.count(*)::integer as n
          from new_likes as n group by n.mashup_id) as d;
  elsif tg_op = 'DELETE' then
    select pg_catalog.array_agg(d.mashup_id order by d.mashup_id),
           pg_catalog.array_agg(-d.n order by d.mashup_id)
    into moved_ids, moved_by
    from (select o.mashup_id, pg_catalog.count(*)::integer as n
          from old_likes as o group by o.mashup_id) as d;
  else
    select pg_catalog.array_agg(d.mashup_id order by d.mashup_id),
           pg_catalog.array_agg(d.n order by d.mashup_id)
    into moved_ids, moved_by
    from (select c.mashup_id, pg_catalog.sum(c.n)::integer as n
          from (select n.mashup_id, 1 as n from new_likes as n
                union all
                select o.mashup_id, -1 as n from old_likes as o) as c
          group by c.mashup_id having pg_catalog.sum(c.n) <> 0) as d;
  end if;
  -- lock the mashup rows in id order first, so concurrent bulk likes cannot deadlock;
  -- likes deleted with their mashup find no row to lock or update
  perform 1 from public.mashups as m
  where m.id = any(moved_ids)
  order by m.id
  for no key update;
  update public.mashups as m
  set like_count = m.like_count + d.n
  from rows from (pg_catalog.unnest(moved_ids), pg_catalog.unnest(moved_by)) as d (mashup_id, n)
  where m.id = d.mashup_id;
  return null;
end;
$$;


--
-- Name: FUNCTION mashup_likes_count(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.mashup_likes_count() IS 'AFTER INSERT/UPDATE/DELETE statement trigger on mashup_likes: keeps mashups.like_count exact.';


--
-- Name: mashups_stamp_published_at(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.mashups_stamp_published_at() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  if new.status = 'published' and new.published_at is null then
    new.published_at := pg_catalog.now();
  end if;
  return new;
end;
$$;


--
-- Name: FUNCTION mashups_stamp_published_at(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.mashups_stamp_published_at() IS 'BEFORE INSERT/UPDATE trigger on mashups: stamps published_at = now() on first publish; never moves it.';


--
-- Name: mashups_sync_listed(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.mashups_sync_listed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  listed boolean := new.status = 'published' and new.visibility = 'public';
begin
  if pg_catalog.current_setting('transaction_isolation') <> 'read committed' then
    raise exception 'mashup % may change visibility only in a READ COMMITTED transaction', new.id
    using errcode = '0A000',
    hint = 'a later snapshot level cannot see comments and captions committed after it, '
    'which would keep their listed flag';
  end if;
  update public.mashup_comments as c
  set mashup_listed = listed
  where c.mashup_id = new.id and c.mashup_listed <> listed;

  update public.captions as c
  set mashup_listed = listed
  where c.mashup_id = new.id and c.mashup_listed <> listed;

  update public.mashup_likes as l
  set mashup_listed = listed
  where l.ctid = any(array(
    select h.ctid
    from public.mashup_likes as h
    where h.mashup_id = new.id and h.mashup_listed <> listed
    for update skip locked
  ));
  if exists (
    select 1
    from public.mashup_likes as l
    where l.mashup_id = new.id and l.mashup_listed <> listed
  ) then
    raise exception 'likes of mashup % are being changed concurrently; retry', new.id
    using errcode = '40001';
  end if;
  return null;
end;
$$;


--
-- Name: FUNCTION mashups_sync_listed(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.mashups_sync_listed() IS 'AFTER UPDATE trigger on mashups: when the listed state changes, rewrites mashup_listed of its likes, comments, captions.';


--
-- Name: match_mashups(public.vector, integer, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.match_mashups(p_query public.vector, p_k integer DEFAULT 10, p_filters jsonb DEFAULT '{}'::jsonb) RETURNS TABLE(id uuid, creator_id uuid, title text, genre text, tags text[], similarity double precision)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'public', 'extensions', 'pg_catalog'
    SET "ivfflat.probes" TO '20'
    SET "ivfflat.iterative_scan" TO 'relaxed_order'
    SET enable_sort TO 'on'
    SET "hnsw.iterative_scan" TO 'relaxed_order'
    SET "hnsw.ef_search" TO '100'
    AS $$
declare
  nearest uuid [];
  f jsonb := coalesce(p_filters, '{}'::jsonb);
  f_genre text;
  f_tags text [];
  f_creator uuid;
  f_after timestamptz;
  uid uuid := (select auth.uid());
  -- a role that bypasses RLS (service_role) sees every mashup: all take the exact branch
  bypass boolean := coalesce((
    select r.rolbypassrls or r.rolsuper from pg_catalog.pg_roles as r where r.rolname = current_user
  ), false);
begin
  if p_query is null or vector_dims(p_query) <> 1536 then
    raise exception 'query must be a 1536-dimensional vector' using errcode = '22023';
  end if;
  if p_k is null or p_k < 1 or p_k > 100 then
    raise exception 'k must be between 1 and 100, got %', p_k using errcode = '22023';
  end if;
  if jsonb_typeof(f) <> 'object'
    or exists (select 1 from jsonb_object_keys(f) as k (key) where k.key not in ('genre', 'tags', 'creator_id', 'published_after')) then
    raise exception 'filters must be an object with keys genre, tags, creator_id, published_after' using errcode = '22023';
  end if;
  begin
    f_genre := f ->> 'genre';
    f_tags := case when f ? 'tags' then array(select jsonb_array_elements_text(f -> 'tags')) end;
    f_creator := (f ->> 'creator_id')::uuid;
    f_after := (f ->> 'published_after')::timestamptz;
  exception
    when others then
      raise exception 'invalid filter value: %', sqlerrm using errcode = '22023';
  end;

  perform pg_catalog.set_config('ivfflat.probes', public.search_probes()::text, true);
  -- the nearest published public mashups through the vector index alone: sorting off
  -- for this statement only (see the header)
  perform pg_catalog.set_config('enable_sort', 'off', true);
  nearest := array(
    select m.id
    from public.mashups as m
    where
      m.status = 'published'
      and m.visibility = 'public'
      and m.embedding is not null
      and (f_genre is null or m.genre = f_genre)
      and (f_tags is null or m.tags && f_tags)
      and (f_creator is null or m.creator_id = f_creator)
      and (f_after is null or m.published_at >= f_after)
    order by m.embedding::halfvec(1536) <=> p_query::halfvec(1536)
    limit p_k * 4
  );
  perform pg_catalog.set_config('enable_sort', 'on', true);
  return query
  with candidates as materialized (
    (
      select m.id, m.creator_id, m.title, m.genre, m.tags, m.embedding
      from public.mashups as m
      where m.id = any(nearest)
    )
    union all
    (
      select m.id, m.creator_id, m.title, m.genre, m.tags, m.embedding
      from public.mashups as m
      where
        (m.creator_id = uid or bypass)
        and not (m.status = 'published' and m.visibility = 'public')
        and m.embedding is not null
        and (f_genre is null or m.genre = f_genre)
        and (f_tags is null or m.tags && f_tags)
        and (f_creator is null or m.creator_id = f_creator)
        and (f_after is null or m.published_at >= f_after)
      order by m.embedding <=> p_query
      limit p_k
    )
  )

  select c.id, c.creator_id, c.title, c.genre, c.tags, 1 - (c.embedding <=> p_query)
  from candidates as c
  order by c.embedding <=> p_query
  limit p_k;
end;
$$;


--
-- Name: FUNCTION match_mashups(p_query public.vector, p_k integer, p_filters jsonb); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.match_mashups(p_query public.vector, p_k integer, p_filters jsonb) IS 'k nearest visible mashups to a 1536-d query (cosine), with optional genre/tags/creator_id/published_after filters.';


--
-- Name: recommend_mashups(integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.recommend_mashups(p_k integer DEFAULT 10) RETURNS TABLE(id uuid, creator_id uuid, title text, genre text, tags text[], similarity double precision)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'public', 'extensions', 'pg_catalog'
    SET "ivfflat.probes" TO '20'
    SET "ivfflat.iterative_scan" TO 'relaxed_order'
    SET enable_sort TO 'on'
    SET "hnsw.iterative_scan" TO 'relaxed_order'
    SET "hnsw.ef_search" TO '100'
    AS $$
declare
  nearest uuid [];
  uid uuid := (select auth.uid());
  q vector;
begin
  if uid is null then
    raise exception 'sign in to get recommendations' using errcode = '42501';
  end if;
  if p_k is null or p_k < 1 or p_k > 100 then
    raise exception 'k must be between 1 and 100, got %', p_k using errcode = '22023';
  end if;

  select avg(m.embedding) into q
  from (
    select h.mashup_id
    from (
      select l.mashup_id, l.created_at from public.mashup_likes as l where l.user_id = uid
      union all
      select e.mashup_id, e.created_at
      from public.recommendation_events as e
      where e.user_id = uid and e.event_type in ('play', 'completed', 'like') and e.mashup_id is not null
    ) as h
    order by h.created_at desc
    limit 50
  ) as seeds
  inner join public.mashups as m on seeds.mashup_id = m.id
  where m.embedding is not null;

  if q is null then
    return query
    select m.id, m.creator_id, m.title, m.genre, m.tags, null::double precision
    from public.mashups as m
    where
      m.status = 'published'
      and m.visibility = 'public'
      and m.creator_id <> uid
      and not exists (select 1 from public.mashup_likes as l where l.user_id = uid and l.mashup_id = m.id)
      and not exists (
        select 1 from public.recommendation_events as e
        where e.user_id = uid and e.mashup_id = m.id and e.event_type = 'dismissed'
      )
    order by m.like_count desc, m.published_at desc nulls last
    limit p_k;
    return;
  end if;

  perform pg_catalog.set_config('ivfflat.probes', public.search_probes()::text, true);
  -- the nearest published public mashups through the vector index alone: sorting off
  -- for this statement only (see the header)
  perform pg_catalog.set_config('enable_sort', 'off', true);
  nearest := array(
    select m.id
    from public.mashups as m
    where
      -- what RLS shows of others' mashups, written out for the partial index; unlisted
      -- means "anyone with the link": never surfaced by recommendations
      m.status = 'published'
      and m.visibility = 'public'
      and m.embedding is not null
      and m.creator_id <> uid
      and not exists (select 1 from public.mashup_likes as l where l.user_id = uid and l.mashup_id = m.id)
      and not exists (
        select 1 from public.recommendation_events as e
        where e.user_id = uid and e.mashup_id = m.id and e.event_type = 'dismissed'
      )
    order by m.embedding::halfvec(1536) <=> q::halfvec(1536)
    limit p_k * 4
  );
  perform pg_catalog.set_config('enable_sort', 'on', true);
  return query
  with candidates as materialized (
    select m.id, m.creator_id, m.title, m.genre, m.tags, m.embedding
    from public.mashups as m
    where m.id = any(nearest)
  )

  select c.id, c.creator_id, c.title, c.genre, c.tags, 1 - (c.embedding <=> q)
  from candidates as c
  order by c.embedding <=> q
  limit p_k;
end;
$$;


--
-- Name: FUNCTION recommend_mashups(p_k integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.recommend_mashups(p_k integer) IS 'k visible mashups for the caller, near the centroid of what they liked/played; excludes own, liked and dismissed.';


--
-- Name: record_revenue(uuid, numeric); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.record_revenue(p_split_id uuid, p_amount numeric) RETURNS TABLE(kind text, recipient_id uuid, user_id uuid, amount numeric)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  s public.revenue_splits;
  fee numeric(14, 2);
  distributable numeric(14, 2);
  locked boolean := false;
  busy uuid;
begin
  if pg_catalog.current_setting('role', true) in ('anon', 'authenticated') then
    raise exception 'record_revenue is not callable by clients' using errcode = '42501';
  end if;
  if p_amount is null or p_amount <= 0 or p_amount <> pg_catalog.round(p_amount, 2) then
    raise exception 'amount must be a positive number of cents (at most 2 decimals), got %', p_amount
    using errcode = '22023';
  end if;

  -- Lock order. Writers of recipient rows lock those rows first and the split row
  -- last (revenue_split_recipients_check_total). This function needs the split row
  -- and then every recipient row: it takes the split row (waiting, holding nothing
  -- else) and then the recipient rows without waiting. A locked recipient row means
  -- its writer will want the split row next, so everything is released (the block
  -- is rolled back), the writer is waited for while holding nothing, and it starts
  -- over. It never waits while holding a lock that another writer needs, so it can
  -- never be part of a deadlock (40P01) with a rebalance in any row order.
  for attempt in 1..100 loop
    begin
      select * into s from public.revenue_splits as rs where rs.id = p_split_id for no key update;
      if not found then
        raise exception 'revenue split % does not exist', p_split_id using errcode = 'P0002';
      end if;
      if s.status <> 'active' then
        raise exception 'revenue split % is %, not active', p_split_id, s.status using errcode = '55000';
      end if;
      perform from public.revenue_split_recipients as r where r.split_id = p_split_id for no key update nowait;
      locked := true;
    exception when lock_not_available then
      locked := false;
    end;
    exit when locked;
    for busy in select r.id from public.revenue_split_recipients as r where r.split_id = p_split_id loop
      begin
        perform from public.revenue_split_recipients as r where r.id = busy for no key update;
        raise exception 'release' using errcode = 'MDB01';  -- rolls the block back: the lock is released
      exception when sqlstate 'MDB01' then
        null;
      end;
    end loop;
  end loop;
  if not locked then
    raise exception 'revenue split % is being changed continuously; try again', p_split_id
    using errcode = '55P03';
  end if;
  if s.total_revenue + p_amount > 999999999999.99 then
    raise exception 'amount would overflow the split total' using errcode = '22023';
  end if;

  fee := pg_catalog.round(p_amount * s.platform_fee_percent / 100, 2);
  distributable := p_amount - fee;

  update public.revenue_splits as rs
  set
    total_revenue = rs.total_revenue + p_amount,
    total_distributed = rs.total_distributed + distributable,
    last_distribution_at = pg_catalog.now()
  where rs.id = p_split_id;

  return query
  with shares as (
    select r.id, r.user_id, r.created_at, distributable * r.percentage / 100 as exact
    from public.revenue_split_recipients as r
    where r.split_id = p_split_id
    for update of r
  ),

  ranked as (
    select
      sh.id,
      sh.user_id,
      pg_catalog.trunc(sh.exact, 2) as base,
      pg_catalog.row_number() over (
        order by sh.exact - pg_catalog.trunc(sh.exact, 2) desc, sh.created_at asc, sh.id asc
      ) as rn,
      ((distributable - pg_catalog.sum(pg_catalog.trunc(sh.exact, 2)) over ()) * 100)::integer as leftover_cents
    from shares as sh
  ),

  final as (
    select
      rk.id,
      rk.user_id,
      (rk.base + case when rk.rn <= rk.leftover_cents then 0.01 else 0 end)::numeric(14, 2) as share
    from ranked as rk
  ),

  credited as (
    update public.revenue_split_recipients as r
    set
      total_received = r.total_received + f.share,
      last_payout_at = pg_catalog.now()
    from final as f
    where r.id = f.id and f.share > 0
    returning r.id
  )

  select 'recipient'::text, f.id, f.user_id, f.share::numeric
  from final as f
  union all
  select 'fee'::text, null::uuid, null::uuid, fee::numeric;
end;
$$;


--
-- Name: FUNCTION record_revenue(p_split_id uuid, p_amount numeric); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.record_revenue(p_split_id uuid, p_amount numeric) IS 'Distributes a payment to an active split: fee half-up, shares truncated, leftover cents by largest remainder. service_role only.';


--
-- Name: revenue_split_ids_created(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.revenue_split_ids_created() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select s.id from public.revenue_splits as s where s.creator_id = (select auth.uid())
$$;


--
-- Name: FUNCTION revenue_split_ids_created(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.revenue_split_ids_created() IS 'Ids of the revenue splits the caller created (RLS helper).';


--
-- Name: revenue_split_ids_received(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.revenue_split_ids_received() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select r.split_id from public.revenue_split_recipients as r where r.user_id = (select auth.uid())
$$;


--
-- Name: FUNCTION revenue_split_ids_received(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.revenue_split_ids_received() IS 'Ids of the revenue splits the caller is a recipient of (RLS helper).';


--
-- Name: revenue_split_is_editable(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.revenue_split_is_editable(p_split_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select exists (
    select 1
    from public.revenue_splits as s
    where
      s.id = p_split_id
      and s.creator_id = (select auth.uid())
      and s.status in ('draft', 'paused')
  )
$$;


--
-- Name: FUNCTION revenue_split_is_editable(p_split_id uuid); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.revenue_split_is_editable(p_split_id uuid) IS 'True when the caller created the split and it is draft or paused (RLS helper for recipients).';


--
-- Name: revenue_split_recipients_check_total(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.revenue_split_recipients_check_total() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  sid uuid;
  split_status text;
  total numeric;
begin
  for sid in
    select distinct x.split_id
    from (
      select new.split_id where tg_op <> 'DELETE'
      union all
      select old.split_id where tg_op <> 'INSERT'
    ) as x
    order by x.split_id
  loop
    -- no key update, not update: this row's writer already holds the foreign key's
    -- key-share lock on the split, and so may every concurrent writer of the same
    -- split; `for update` conflicts with their key-share locks (40P01 between two
    -- concurrent inserts), `for no key update` only with each other's.
    select s.status into split_status from public.revenue_splits as s where s.id = sid for no key update;
    if not found then
      continue;  -- the split itself is being deleted (cascade)
    end if;
    select coalesce(pg_catalog.sum(r.percentage), 0) into total
    from public.revenue_split_recipients as r
    where r.split_id = sid;
    if total > 100 then
      raise exception 'recipient percentages of split % would total %, more than 100', sid, total
      using errcode = '23514';
    end if;
    if split_status = 'active' and total <> 100 then
      raise exception 'recipient percentages of active split % must total 100, would be %', sid, total
      using errcode = '23514', hint = 'pause the split before changing its recipients';
    end if;
  end loop;
  return null;
end;
$$;


--
-- Name: FUNCTION revenue_split_recipients_check_total(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.revenue_split_recipients_check_total() IS 'AFTER trigger on revenue_split_recipients: percentages total <= 100, = 100 while active (23514).';


--
-- Name: revenue_split_recipients_guard(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.revenue_split_recipients_guard() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  settled boolean := old.verified or old.total_received > 0 or old.last_payout_at is not null;
begin
  if pg_catalog.current_setting('role', true) not in ('anon', 'authenticated') or not settled then
    return case when tg_op = 'DELETE' then old else new end;
  end if;
  if tg_op = 'DELETE' then
    raise exception 'recipient row % has received money or is verified: it stays with its recipient', old.id
    using errcode = '42501', hint = 'set its percentage for future revenue instead (while the split is paused)';
  end if;
  if new.user_id is distinct from old.user_id or new.wallet_address is distinct from old.wallet_address then
    raise exception 'recipient row % has received money or is verified: its user and wallet belong to the recipient', old.id
    using errcode = '42501', hint = 'the platform changes them at the recipient''s request';
  end if;
  if new.percentage is distinct from old.percentage then
    new.verified := false;
  end if;
  return new;
end;
$$;


--
-- Name: FUNCTION revenue_split_recipients_guard(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.revenue_split_recipients_guard() IS 'BEFORE UPDATE/DELETE on recipients: a client never deletes or re-points a paid or verified row (42501); a new percentage un-verifies it.';


--
-- Name: revenue_splits_guard(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.revenue_splits_guard() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  total numeric;
  client boolean := pg_catalog.current_setting('role', true) in ('anon', 'authenticated');
begin
  if tg_op = 'INSERT' then
    if new.status <> 'draft' then
      raise exception 'a revenue split is created as draft' using errcode = '23514';
    end if;
    return new;
  end if;

  if new.status is distinct from old.status then
    if client and new.status = 'completed' then
      raise exception 'only the platform completes a revenue split' using errcode = '42501';
    end if;
    if client and old.status = 'completed' then
      raise exception 'revenue split % is completed; only the platform reopens it', old.id using errcode = '42501';
    end if;
    if new.status = 'draft' and old.activated_at is not null then
      raise exception 'revenue split % was activated and cannot return to draft', old.id using errcode = '55000';
    end if;
    if new.status = 'active' then
      select coalesce(pg_catalog.sum(r.percentage), 0) into total
      from public.revenue_split_recipients as r
      where r.split_id = new.id;
      if total <> 100 then
        raise exception 'revenue split % cannot be activated: recipient percentages total %, not 100', new.id, total
        using errcode = '23514';
      end if;
      new.activated_at := coalesce(old.activated_at, pg_catalog.now());
    end if;
  end if;
  return new;
end;
$$;


--
-- Name: FUNCTION revenue_splits_guard(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.revenue_splits_guard() IS 'BEFORE trigger on revenue_splits: created as draft; activation needs 100% (23514); clients cannot complete (42501).';


--
-- Name: save_captions(uuid, jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.save_captions(p_mashup_id uuid, p_segments jsonb) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  saved integer;
begin
  if (select auth.uid()) is null then
    raise exception 'sign in to save captions' using errcode = '42501';
  end if;
  if p_mashup_id is null or not public.can_view_mashup(p_mashup_id) then
    raise exception 'mashup % not found', p_mashup_id using errcode = 'P0002';
  end if;
  if not public.is_mashup_creator(p_mashup_id) then
    raise exception 'only the creator can save captions of mashup %', p_mashup_id using errcode = '42501';
  end if;
  if p_segments is null or pg_catalog.jsonb_typeof(p_segments) <> 'array'
    or pg_catalog.jsonb_array_length(p_segments) > 5000 then
    raise exception 'segments must be a JSON array of at most 5000 segments' using errcode = '22023';
  end if;
  if exists (
    select 1
    from pg_catalog.jsonb_array_elements(p_segments) as s (seg)
    where
      pg_catalog.jsonb_typeof(s.seg) <> 'object'
      or pg_catalog.jsonb_typeof(s.seg -> 'start') is distinct from 'number'
      or pg_catalog.jsonb_typeof(s.seg -> 'end') is distinct from 'number'
      or pg_catalog.jsonb_typeof(s.seg -> 'text') is distinct from 'string'
      or (s.seg ? 'language' and pg_catalog.jsonb_typeof(s.seg -> 'language') is distinct from 'string')
      or (s.seg ->> 'start')::numeric < 0
      -- compared as stored (numeric(10, 3)): 0.0001..0.0002 would store as 0.000..0.000
      or pg_catalog.round((s.seg ->> 'end')::numeric, 3) <= pg_catalog.round((s.seg ->> 'start')::numeric, 3)
      or pg_catalog.round((s.seg ->> 'end')::numeric, 3) >= 10000000
      or pg_catalog.length(s.seg ->> 'text') not between 1 and 2000
      or pg_catalog.length(coalesce(s.seg ->> 'language', 'en')) not between 2 and 16
  ) then
    raise exception 'each segment needs numeric start >= 0, end > start, text of 1..2000 characters'
    using errcode = '22023';
  end if;

  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('captions:' || p_mashup_id::text, 0));

  delete from public.captions as c where c.mashup_id = p_mashup_id;

  insert into public.captions (mashup_id, segment_index, start_seconds, end_seconds, text, language)
  select
    p_mashup_id,
    (s.ord - 1)::integer,
    pg_catalog.round((s.seg ->> 'start')::numeric, 3),
    pg_catalog.round((s.seg ->> 'end')::numeric, 3),
    s.seg ->> 'text',
    coalesce(s.seg ->> 'language', 'en')
  from pg_catalog.jsonb_array_elements(p_segments) with ordinality as s (seg, ord);
  get diagnostics saved = row_count;
  return saved;
end;
$$;


--
-- Name: FUNCTION save_captions(p_mashup_id uuid, p_segments jsonb); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.save_captions(p_mashup_id uuid, p_segments jsonb) IS 'Creator only: atomically replaces a mashup''s caption segments with the given JSON array; returns the count.';


--
-- Name: search_probes(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.search_probes() RETURNS integer
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog'
    AS $$
  select coalesce((
    select least(l.lists, greatest(20, ceil(l.lists * 7500.0 / greatest(c.reltuples, 1))::integer))
    from pg_catalog.pg_class as c
    cross join lateral (
      select split_part(o.opt, '=', 2)::integer as lists
      from pg_catalog.unnest(c.reloptions) as o (opt)
      where o.opt like 'lists=%'
    ) as l
    where c.oid = pg_catalog.to_regclass('public.mashups_embedding_public_ivf_idx')
  ), 20);
$$;


--
-- Name: FUNCTION search_probes(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.search_probes() IS 'ivfflat.probes for the vector search: about 7,500 rows compared (20 of 200 lists at 75k rows, all on a small table).';


--
-- Name: set_updated_at(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
  new.updated_at := pg_catalog.now();
  return new;
end;
$$;


--
-- Name: FUNCTION set_updated_at(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.set_updated_at() IS 'BEFORE UPDATE trigger function: sets NEW.updated_at to now().';


--
-- Name: similar_mashups(uuid, integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.similar_mashups(p_mashup_id uuid, p_k integer DEFAULT 10) RETURNS TABLE(id uuid, creator_id uuid, title text, genre text, tags text[], similarity double precision)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'public', 'extensions', 'pg_catalog'
    SET "ivfflat.probes" TO '20'
    SET "ivfflat.iterative_scan" TO 'relaxed_order'
    SET enable_sort TO 'on'
    SET "hnsw.iterative_scan" TO 'relaxed_order'
    SET "hnsw.ef_search" TO '100'
    AS $$
declare
  nearest uuid [];
  q vector;
  uid uuid := (select auth.uid());
  bypass boolean := coalesce((
    select r.rolbypassrls or r.rolsuper from pg_catalog.pg_roles as r where r.rolname = current_user
  ), false);
begin
  if p_k is null or p_k < 1 or p_k > 100 then
    raise exception 'k must be between 1 and 100, got %', p_k using errcode = '22023';
  end if;
  select m.embedding into q from public.get_mashup(p_mashup_id) as m;
  if not found then
    raise exception 'mashup % not found', p_mashup_id using errcode = 'P0002';
  end if;
  if q is null then
    return;
  end if;

  perform pg_catalog.set_config('ivfflat.probes', public.search_probes()::text, true);
  -- the nearest published public mashups through the vector index alone: sorting off
  -- for this statement only (see the header)
  perform pg_catalog.set_config('enable_sort', 'off', true);
  nearest := array(
    select m.id
    from public.mashups as m
    where
      m.status = 'published'
      and m.visibility = 'public'
      and m.embedding is not null
      and m.id <> p_mashup_id
    order by m.embedding::halfvec(1536) <=> q::halfvec(1536)
    limit p_k * 4
  );
  perform pg_catalog.set_config('enable_sort', 'on', true);
  return query
  with candidates as materialized (
    (
      select m.id, m.creator_id, m.title, m.genre, m.tags, m.embedding
      from public.mashups as m
      where m.id = any(nearest)
    )
    union all
    (
      select m.id, m.creator_id, m.title, m.genre, m.tags, m.embedding
      from public.mashups as m
      where
        (m.creator_id = uid or bypass)
        and not (m.status = 'published' and m.visibility = 'public')
        and m.embedding is not null
        and m.id <> p_mashup_id
      order by m.embedding <=> q
      limit p_k
    )
  )

  select c.id, c.creator_id, c.title, c.genre, c.tags, 1 - (c.embedding <=> q)
  from candidates as c
  order by c.embedding <=> q
  limit p_k;
end;
$$;


--
-- Name: FUNCTION similar_mashups(p_mashup_id uuid, p_k integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.similar_mashups(p_mashup_id uuid, p_k integer) IS 'k visible mashups nearest to a visible mashup (itself excluded).';


--
-- Name: total_plays(public.user_gamification); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.total_plays(p_row public.user_gamification) RETURNS bigint
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select coalesce(pg_catalog.sum(r.plays), 0)::bigint
  from public.analytics_daily_rollup as r
  where r.creator_id = p_row.user_id
$$;


--
-- Name: FUNCTION total_plays(p_row public.user_gamification); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.total_plays(p_row public.user_gamification) IS 'Computed field user_gamification.total_plays: plays of the user''s live mashups, summed from the rollup (RLS applies).';


--
-- Name: trg_award_like_xp(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.trg_award_like_xp() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  r record;
begin
  for r in
    select m.creator_id, n.mashup_id, n.user_id
    from new_likes as n
    inner join public.mashups as m on n.mashup_id = m.id
    where m.creator_id <> n.user_id
    order by m.creator_id, n.mashup_id, n.user_id
  loop
    perform public.award_xp(
      r.creator_id, 5, 'like_received',
      pg_catalog.md5(r.mashup_id::text || ':' || r.user_id::text)::uuid,
      pg_catalog.jsonb_build_object('mashup_id', r.mashup_id),
      'total_likes_received', false, r.mashup_id
    );
  end loop;
  return null;
end;
$$;


--
-- Name: FUNCTION trg_award_like_xp(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.trg_award_like_xp() IS 'AFTER INSERT statement trigger on mashup_likes: +5 XP to the creator per (mashup, liker), creators in id order; self-likes earn nothing.';


--
-- Name: trg_award_publish_xp(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.trg_award_publish_xp() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  if tg_op = 'UPDATE' and old.status = 'published' then
    return null;
  end if;
  perform public.award_xp(
    new.creator_id, 50, 'mashup_published', new.id,
    pg_catalog.jsonb_build_object('mashup_id', new.id), 'total_mashups', true, new.id
  );
  return null;
end;
$$;


--
-- Name: FUNCTION trg_award_publish_xp(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.trg_award_publish_xp() IS 'AFTER trigger on mashups: +50 XP to the creator when a mashup becomes published.';


--
-- Name: trg_award_vote_xp(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.trg_award_vote_xp() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  perform public.award_xp(
    new.user_id, 5, 'battle_vote', new.battle_id,
    pg_catalog.jsonb_build_object('battle_id', new.battle_id), null, true
  );
  return null;
end;
$$;


--
-- Name: FUNCTION trg_award_vote_xp(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.trg_award_vote_xp() IS 'AFTER INSERT trigger on battle_votes: +5 XP to the voter once per battle.';


--
-- Name: trg_reset_xp_on_truncate(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.trg_reset_xp_on_truncate() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  -- an empty ledger backs no XP, no counter and no badge earned on them
  update public.user_gamification as ug
  set total_xp = 0, current_level = 1, total_mashups = 0, total_likes_received = 0, updated_at = pg_catalog.now()
  where ug.total_xp <> 0 or ug.total_mashups <> 0 or ug.total_likes_received <> 0;
  delete from public.user_badges as ub
  using public.badges as b, public.user_gamification as ug
  where
    ub.badge_id = b.id
    and ug.user_id = ub.user_id
    and b.condition_type <> 'weekly_streak'
    and public.badge_progress(ug, b.condition_type) < b.condition_value;
  return null;
end;
$$;


--
-- Name: FUNCTION trg_reset_xp_on_truncate(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.trg_reset_xp_on_truncate() IS 'AFTER TRUNCATE trigger on xp_transactions (also reached by truncate mashups cascade): resets XP, counters and the badges earned on them.';


--
-- Name: trg_withdraw_like_xp(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.trg_withdraw_like_xp() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  -- likes deleted with their mashup find no mashup here: the ledger rows went with it
  delete from public.xp_transactions as x
  using old_likes as o, public.mashups as m
  where
    o.mashup_id = m.id
    and x.user_id = m.creator_id
    and x.reason = 'like_received'
    and x.reference_id = pg_catalog.md5(o.mashup_id::text || ':' || o.user_id::text)::uuid;
  return null;
end;
$$;


--
-- Name: FUNCTION trg_withdraw_like_xp(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.trg_withdraw_like_xp() IS 'AFTER DELETE statement trigger on mashup_likes: an unlike takes back the creator''s like XP.';


--
-- Name: trg_withdraw_publish_xp(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.trg_withdraw_publish_xp() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  delete from public.xp_transactions as x
  where x.user_id = old.creator_id and x.reason = 'mashup_published' and x.reference_id = old.id;
  return null;
end;
$$;


--
-- Name: FUNCTION trg_withdraw_publish_xp(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.trg_withdraw_publish_xp() IS 'AFTER UPDATE trigger on mashups: a mashup that stops being published takes its publish XP back.';


--
-- Name: trg_withdraw_xp(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.trg_withdraw_xp() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  r record;
  g public.user_gamification;
begin
  for r in
    select
      o.user_id,
      pg_catalog.sum(o.amount)::integer as xp,
      (pg_catalog.count(*) filter (where o.counter = 'total_mashups'))::integer as mashups,
      (pg_catalog.count(*) filter (where o.counter = 'total_likes_received'))::integer as likes
    from old_xp as o
    group by o.user_id
    order by o.user_id
  loop
    update public.user_gamification as ug
    set
      total_xp = ug.total_xp - r.xp,
      current_level = public.xp_level(ug.total_xp - r.xp),
      total_mashups = ug.total_mashups - r.mashups,
      total_likes_received = ug.total_likes_received - r.likes,
      updated_at = pg_catalog.now()
    where ug.user_id = r.user_id
    returning * into g;
    continue when not found;  -- the user is being deleted

    -- badges held on a condition that no longer holds go, with their XP (the nested
    -- delete fires this trigger again, which may revoke further badges)
    with revoked as (
      delete from public.user_badges as ub
      using public.badges as b
      where
        ub.user_id = r.user_id
        and ub.badge_id = b.id
        and b.condition_type <> 'weekly_streak'
        and public.badge_progress(g, b.condition_type) < b.condition_value
      returning ub.badge_id
    )

    delete from public.xp_transactions as x
    using revoked
    where x.user_id = r.user_id and x.reason = 'badge:' || revoked.badge_id and x.reference_id is null;
  end loop;
  return null;
end;
$$;


--
-- Name: FUNCTION trg_withdraw_xp(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.trg_withdraw_xp() IS 'AFTER DELETE statement trigger on xp_transactions: subtracts the XP and counters of deleted ledger rows and revokes badges no longer earned.';


--
-- Name: upsert_trending_sounds(jsonb); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.upsert_trending_sounds(p_items jsonb) RETURNS TABLE(inserted integer, updated integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
begin
  if pg_catalog.current_setting('role', true) in ('anon', 'authenticated') then
    raise exception 'upsert_trending_sounds is for the ingestion job only' using errcode = '42501';
  end if;
  if p_items is null or pg_catalog.jsonb_typeof(p_items) <> 'array' or pg_catalog.jsonb_array_length(p_items) > 10000 then
    raise exception 'items must be a JSON array of at most 10000 objects' using errcode = '22023';
  end if;
  if exists (
    select 1
    from pg_catalog.jsonb_array_elements(p_items) as i (item)
    where
      pg_catalog.jsonb_typeof(i.item) <> 'object'
      or coalesce(pg_catalog.btrim(i.item ->> 'title'), '') = ''
      or coalesce(i.item ->> 'source', '') not in ('spotify', 'youtube', 'tiktok', 'manual')
      or coalesce(i.item ->> 'external_url', '') !~ '^https?://[^[:space:]]+$'
      or (i.item ? 'rank' and pg_catalog.jsonb_typeof(i.item -> 'rank') not in ('number', 'null'))
      or case
        when pg_catalog.jsonb_typeof(i.item -> 'rank') = 'number' then
          (i.item ->> 'rank')::numeric not between -2147483648 and 2147483647
          or (i.item ->> 'rank')::numeric % 1 <> 0
        else false
      end
  ) then
    raise exception 'each item needs title, source in (spotify, youtube, tiktok, manual) and an http(s) external_url'
    using errcode = '22023';
  end if;

  return query
  with items as (
    select distinct on (i.item ->> 'source', i.item ->> 'external_url')
      pg_catalog.btrim(i.item ->> 'title') as title,
      i.item ->> 'artist' as artist,
      i.item ->> 'source' as source,
      i.item ->> 'external_url' as external_url,
      i.item ->> 'thumbnail_url' as thumbnail_url,
      (i.item ->> 'rank')::numeric::integer as rank
    from pg_catalog.jsonb_array_elements(p_items) with ordinality as i (item, ord)
    order by i.item ->> 'source', i.item ->> 'external_url', i.ord desc
  ),

  upserted as (
    insert into public.trending_sounds as t (title, artist, source, external_url, thumbnail_url, rank, fetched_at)
    select it.title, it.artist, it.source, it.external_url, it.thumbnail_url, it.rank, pg_catalog.now()
    from items as it
    on conflict (source, external_url) do update
      set
        title = excluded.title,
        artist = excluded.artist,
        thumbnail_url = excluded.thumbnail_url,
        rank = excluded.rank,
        fetched_at = excluded.fetched_at
    returning (t.xmax = 0) as is_insert
  )

  select
    (pg_catalog.count(*) filter (where u.is_insert))::integer,
    (pg_catalog.count(*) filter (where not u.is_insert))::integer
  from upserted as u;
end;
$_$;


--
-- Name: FUNCTION upsert_trending_sounds(p_items jsonb); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.upsert_trending_sounds(p_items jsonb) IS 'service_role only: upserts trending sounds by (source, external_url); returns inserted/updated counts.';


--
-- Name: voice_rooms_require_active_session(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.voice_rooms_require_active_session() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  if pg_catalog.current_setting('role', true) in ('anon', 'authenticated')
    and not exists (
      select 1 from public.collaboration_participants as p
      where p.session_id = new.session_id and p.user_id = (select auth.uid())
    )
    and not public.is_collab_host(new.session_id) then
    return new;
  end if;
  perform 1
  from public.collaboration_sessions as s
  where s.id = new.session_id and s.status = 'active'
  for share;
  if not found then
    raise exception 'collaboration session % has ended', new.session_id
    using errcode = '55000', hint = 'voice rooms open only on an active session';
  end if;
  return new;
end;
$$;


--
-- Name: FUNCTION voice_rooms_require_active_session(); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.voice_rooms_require_active_session() IS 'BEFORE INSERT/UPDATE trigger on voice_rooms: a room of a session is open only while the session is active (55000).';


--
-- Name: xp_level(integer); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.xp_level(p_total_xp integer) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT
    SET search_path TO ''
    AS $$
  select (pg_catalog.floor(pg_catalog.sqrt(greatest(p_total_xp, 0) / 100.0)))::integer + 1
$$;


--
-- Name: FUNCTION xp_level(p_total_xp integer); Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON FUNCTION public.xp_level(p_total_xp integer) IS 'Level curve: level L starts at 100*(L-1)^2 XP.';


--
-- Name: identities; Type: TABLE; Schema: auth; Owner: -
--

CREATE TABLE auth.identities (
    provider_id text NOT NULL,
    user_id uuid NOT NULL,
    identity_data jsonb NOT NULL,
    provider text NOT NULL,
    last_sign_in_at timestamp with time zone,
    created_at timestamp with time zone,
    updated_at timestamp with time zone,
    email text GENERATED ALWAYS AS (lower((identity_data ->> 'email'::text))) STORED,
    id uuid DEFAULT gen_random_uuid() NOT NULL
);


--
-- Name: users; Type: TABLE; Schema: auth; Owner: -
--

CREATE TABLE auth.users (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    email text,
    raw_user_meta_data jsonb DEFAULT '{}'::jsonb,
    raw_app_meta_data jsonb DEFAULT '{}'::jsonb,
    is_anonymous boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    instance_id uuid,
    aud character varying(255),
    role character varying(255),
    encrypted_password character varying(255),
    email_confirmed_at timestamp with time zone,
    invited_at timestamp with time zone,
    confirmation_token character varying(255),
    confirmation_sent_at timestamp with time zone,
    recovery_token character varying(255),
    recovery_sent_at timestamp with time zone,
    email_change_token_new character varying(255),
    email_change character varying(255),
    email_change_sent_at timestamp with time zone,
    last_sign_in_at timestamp with time zone,
    is_super_admin boolean,
    phone text,
    phone_confirmed_at timestamp with time zone,
    phone_change text DEFAULT ''::text,
    phone_change_token character varying(255) DEFAULT ''::character varying,
    phone_change_sent_at timestamp with time zone,
    confirmed_at timestamp with time zone GENERATED ALWAYS AS (LEAST(email_confirmed_at, phone_confirmed_at)) STORED,
    email_change_token_current character varying(255) DEFAULT ''::character varying,
    email_change_confirm_status smallint DEFAULT 0,
    banned_until timestamp with time zone,
    reauthentication_token character varying(255) DEFAULT ''::character varying,
    reauthentication_sent_at timestamp with time zone,
    is_sso_user boolean DEFAULT false NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT users_email_change_confirm_status_check CHECK (((email_change_confirm_status >= 0) AND (email_change_confirm_status <= 2)))
);


--
-- Name: ai_jobs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.ai_jobs (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    job_type text NOT NULL,
    status text DEFAULT 'queued'::text NOT NULL,
    input jsonb DEFAULT '{}'::jsonb NOT NULL,
    result jsonb,
    error text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT ai_jobs_input_limits CHECK ((octet_length((input)::text) <= 8192)),
    CONSTRAINT ai_jobs_job_type_check CHECK ((job_type = ANY (ARRAY['stem_separation'::text, 'ai_generation'::text, 'ai_completion'::text, 'auto_caption'::text]))),
    CONSTRAINT ai_jobs_status_check CHECK ((status = ANY (ARRAY['queued'::text, 'running'::text, 'succeeded'::text, 'failed'::text])))
);


--
-- Name: analytics_daily_rollup; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.analytics_daily_rollup (
    mashup_id uuid NOT NULL,
    day date NOT NULL,
    creator_id uuid NOT NULL,
    plays bigint DEFAULT 0 NOT NULL,
    likes bigint DEFAULT 0 NOT NULL,
    shares bigint DEFAULT 0 NOT NULL,
    comments bigint DEFAULT 0 NOT NULL,
    saves bigint DEFAULT 0 NOT NULL,
    skips bigint DEFAULT 0 NOT NULL,
    downloads bigint DEFAULT 0 NOT NULL,
    embeds bigint DEFAULT 0 NOT NULL,
    shard integer DEFAULT 0 NOT NULL,
    CONSTRAINT analytics_daily_rollup_shard_check CHECK ((shard >= 0))
);


--
-- Name: TABLE analytics_daily_rollup; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.analytics_daily_rollup IS 'Per mashup per UTC day event counts, kept exact by triggers on analytics_events (sql/functions/analytics.sql).';


--
-- Name: analytics_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.analytics_events (
    id bigint NOT NULL,
    user_id uuid,
    mashup_id uuid NOT NULL,
    event_type text NOT NULL,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    dedupe_key uuid,
    CONSTRAINT analytics_events_event_type_check CHECK ((event_type = ANY (ARRAY['play'::text, 'like'::text, 'share'::text, 'comment'::text, 'save'::text, 'skip'::text, 'download'::text, 'embed'::text])))
);


--
-- Name: TABLE analytics_events; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.analytics_events IS 'Raw analytics events; inserted via public.log_analytics_event(); rolled up per day.';


--
-- Name: analytics_events_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.analytics_events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.analytics_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: badges; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.badges (
    id text NOT NULL,
    name text NOT NULL,
    description text NOT NULL,
    icon_url text,
    category text NOT NULL,
    rarity text NOT NULL,
    xp_reward integer DEFAULT 0 NOT NULL,
    condition_type text NOT NULL,
    condition_value integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT badges_category_check CHECK ((category = ANY (ARRAY['creation'::text, 'social'::text, 'streak'::text, 'milestone'::text, 'special'::text]))),
    CONSTRAINT badges_condition_type_check CHECK ((condition_type = ANY (ARRAY['total_xp'::text, 'level'::text, 'weekly_streak'::text, 'total_mashups'::text, 'total_likes_received'::text, 'manual'::text]))),
    CONSTRAINT badges_condition_value_check CHECK ((condition_value >= 0)),
    CONSTRAINT badges_rarity_check CHECK ((rarity = ANY (ARRAY['common'::text, 'uncommon'::text, 'rare'::text, 'epic'::text, 'legendary'::text]))),
    CONSTRAINT badges_xp_reward_check CHECK ((xp_reward >= 0))
);


--
-- Name: TABLE badges; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.badges IS 'Badge catalogue; a badge is granted by public.award_xp() when its condition is met.';


--
-- Name: battle_votes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.battle_votes (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    battle_id uuid NOT NULL,
    entry_id uuid NOT NULL,
    user_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: TABLE battle_votes; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.battle_votes IS 'One vote per user per battle, for an entry of that battle, cast while it is open.';


--
-- Name: battles; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.battles (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    challenge_id uuid,
    entry_a_id uuid NOT NULL,
    entry_b_id uuid NOT NULL,
    status text DEFAULT 'open'::text NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    winner_entry_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT battles_check CHECK ((entry_a_id <> entry_b_id)),
    CONSTRAINT battles_check1 CHECK (((winner_entry_id IS NULL) OR ((winner_entry_id = entry_a_id) OR (winner_entry_id = entry_b_id)))),
    CONSTRAINT battles_status_check CHECK ((status = ANY (ARRAY['open'::text, 'closed'::text])))
);


--
-- Name: challenge_entries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.challenge_entries (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    challenge_id uuid NOT NULL,
    mashup_id uuid,
    user_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: COLUMN challenge_entries.mashup_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.challenge_entries.mashup_id IS 'The entered mashup; null once it was deleted while the entry was in a battle or a challenge past active (tombstone).';


--
-- Name: COLUMN challenge_entries.user_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.challenge_entries.user_id IS 'The entrant; null once the account was deleted while the entry was in a battle or a challenge past active.';


--
-- Name: challenges; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.challenges (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    title text NOT NULL,
    description text,
    status text DEFAULT 'upcoming'::text NOT NULL,
    starts_at timestamp with time zone,
    ends_at timestamp with time zone,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT challenges_status_check CHECK ((status = ANY (ARRAY['upcoming'::text, 'active'::text, 'voting'::text, 'closed'::text])))
);


--
-- Name: collaboration_participants; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.collaboration_participants (
    session_id uuid NOT NULL,
    user_id uuid NOT NULL,
    role text DEFAULT 'editor'::text NOT NULL,
    status text DEFAULT 'joined'::text NOT NULL,
    joined_at timestamp with time zone DEFAULT now() NOT NULL,
    left_at timestamp with time zone,
    CONSTRAINT collaboration_participants_role_check CHECK ((role = ANY (ARRAY['host'::text, 'editor'::text, 'viewer'::text]))),
    CONSTRAINT collaboration_participants_status_check CHECK ((status = ANY (ARRAY['joined'::text, 'left'::text])))
);


--
-- Name: collaboration_sessions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.collaboration_sessions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    host_id uuid NOT NULL,
    mashup_id uuid,
    title text NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    max_participants integer DEFAULT 8 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    ended_at timestamp with time zone,
    CONSTRAINT collaboration_sessions_max_participants_check CHECK (((max_participants >= 1) AND (max_participants <= 32))),
    CONSTRAINT collaboration_sessions_status_check CHECK ((status = ANY (ARRAY['active'::text, 'ended'::text]))),
    CONSTRAINT collaboration_sessions_title_limits CHECK ((((char_length(title) >= 1) AND (char_length(title) <= 200)) AND (btrim(title) <> ''::text)))
);


--
-- Name: fan_subscriptions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.fan_subscriptions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    fan_id uuid NOT NULL,
    creator_id uuid NOT NULL,
    tier text DEFAULT 'supporter'::text NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    price_cents integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    canceled_at timestamp with time zone,
    CONSTRAINT fan_subscriptions_check CHECK ((fan_id <> creator_id)),
    CONSTRAINT fan_subscriptions_price_cents_check CHECK ((price_cents >= 0)),
    CONSTRAINT fan_subscriptions_status_check CHECK ((status = ANY (ARRAY['active'::text, 'canceled'::text])))
);


--
-- Name: follows; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.follows (
    follower_id uuid NOT NULL,
    following_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT follows_check CHECK ((follower_id <> following_id))
);


--
-- Name: mashup_likes; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.mashup_likes (
    user_id uuid NOT NULL,
    mashup_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    mashup_listed boolean DEFAULT false NOT NULL
);


--
-- Name: profiles; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.profiles (
    id uuid NOT NULL,
    username text,
    display_name text,
    avatar_url text,
    bio text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT profiles_bio_limits CHECK (((bio IS NULL) OR (char_length(bio) <= 500)))
);


--
-- Name: TABLE profiles; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.profiles IS 'Public profile of an auth user; created by the on_auth_user_created trigger.';


--
-- Name: recommendation_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.recommendation_events (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid,
    mashup_id uuid,
    event_type text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    recommendation_id text,
    metadata jsonb DEFAULT '{}'::jsonb,
    CONSTRAINT recommendation_events_event_type_check CHECK ((event_type = ANY (ARRAY['impression'::text, 'play'::text, 'skip'::text, 'like'::text, 'share'::text, 'open'::text, 'shown'::text, 'clicked'::text, 'dismissed'::text, 'completed'::text]))),
    CONSTRAINT recommendation_events_metadata_limits CHECK ((((metadata IS NULL) OR ((jsonb_typeof(metadata) = 'object'::text) AND (octet_length((metadata)::text) <= 2048))) AND ((recommendation_id IS NULL) OR (char_length(recommendation_id) <= 200))))
);


--
-- Name: revenue_split_recipients; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.revenue_split_recipients (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    split_id uuid NOT NULL,
    user_id uuid,
    display_name text NOT NULL,
    wallet_address text,
    percentage numeric(5,2) NOT NULL,
    role text DEFAULT 'creator'::text NOT NULL,
    verified boolean DEFAULT false NOT NULL,
    total_received numeric(14,2) DEFAULT 0 NOT NULL,
    last_payout_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT revenue_split_recipients_percentage_check CHECK (((percentage > (0)::numeric) AND (percentage <= (100)::numeric))),
    CONSTRAINT revenue_split_recipients_role_check CHECK ((role = ANY (ARRAY['creator'::text, 'vocalist'::text, 'producer'::text, 'writer'::text, 'other'::text]))),
    CONSTRAINT revenue_split_recipients_total_received_check CHECK ((total_received >= (0)::numeric))
);


--
-- Name: TABLE revenue_split_recipients; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.revenue_split_recipients IS 'Recipients of a revenue split; percentages of a split sum to at most 100 (exactly 100 once active).';


--
-- Name: revenue_splits; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.revenue_splits (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    mashup_id uuid,
    creator_id uuid,
    status text DEFAULT 'draft'::text NOT NULL,
    payout_frequency text DEFAULT 'monthly'::text NOT NULL,
    minimum_payout numeric(14,2) DEFAULT 10.00 NOT NULL,
    platform_fee_percent numeric(5,2) DEFAULT 15.00 NOT NULL,
    total_revenue numeric(14,2) DEFAULT 0 NOT NULL,
    total_distributed numeric(14,2) DEFAULT 0 NOT NULL,
    total_pending numeric(14,2) DEFAULT 0 NOT NULL,
    chain_id text,
    contract_address text,
    transaction_hash text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    activated_at timestamp with time zone,
    last_distribution_at timestamp with time zone,
    CONSTRAINT revenue_splits_minimum_payout_check CHECK ((minimum_payout >= (0)::numeric)),
    CONSTRAINT revenue_splits_payout_frequency_check CHECK ((payout_frequency = ANY (ARRAY['instant'::text, 'weekly'::text, 'monthly'::text]))),
    CONSTRAINT revenue_splits_platform_fee_percent_check CHECK (((platform_fee_percent >= (0)::numeric) AND (platform_fee_percent <= (100)::numeric))),
    CONSTRAINT revenue_splits_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'active'::text, 'paused'::text, 'completed'::text]))),
    CONSTRAINT revenue_splits_total_distributed_check CHECK ((total_distributed >= (0)::numeric)),
    CONSTRAINT revenue_splits_total_pending_check CHECK ((total_pending >= (0)::numeric)),
    CONSTRAINT revenue_splits_total_revenue_check CHECK ((total_revenue >= (0)::numeric))
);


--
-- Name: TABLE revenue_splits; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.revenue_splits IS 'A revenue split of a mashup; money columns written only by public.record_revenue() / service_role.';


--
-- Name: COLUMN revenue_splits.creator_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.revenue_splits.creator_id IS 'The creator; null once the account was deleted: the split, its recipients and their earnings stay (service_role manages it).';


--
-- Name: subscriptions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.subscriptions (
    user_id uuid NOT NULL,
    tier text DEFAULT 'free'::text NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    stripe_customer_id text,
    stripe_subscription_id text,
    current_period_end timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT subscriptions_status_check CHECK ((status = ANY (ARRAY['active'::text, 'trialing'::text, 'past_due'::text, 'canceled'::text]))),
    CONSTRAINT subscriptions_tier_check CHECK ((tier = ANY (ARRAY['free'::text, 'pro'::text, 'studio'::text])))
);


--
-- Name: tier_limits; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tier_limits (
    tier text NOT NULL,
    resource text NOT NULL,
    monthly_limit integer,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT tier_limits_monthly_limit_check CHECK ((monthly_limit >= 0)),
    CONSTRAINT tier_limits_resource_check CHECK ((resource = ANY (ARRAY['mashup_upload'::text, 'stem_separation'::text, 'ai_generation'::text, 'auto_caption'::text]))),
    CONSTRAINT tier_limits_tier_check CHECK ((tier = ANY (ARRAY['free'::text, 'pro'::text, 'studio'::text])))
);


--
-- Name: TABLE tier_limits; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.tier_limits IS 'Monthly limit per tier and resource; null monthly_limit = unlimited.';


--
-- Name: COLUMN tier_limits.monthly_limit; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.tier_limits.monthly_limit IS 'Uses allowed per calendar month (UTC); null = unlimited.';


--
-- Name: trending_sounds; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.trending_sounds (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    title text NOT NULL,
    artist text,
    source text NOT NULL,
    external_url text NOT NULL,
    thumbnail_url text,
    rank integer,
    fetched_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT trending_sounds_source_check CHECK ((source = ANY (ARRAY['spotify'::text, 'youtube'::text, 'tiktok'::text, 'manual'::text])))
);


--
-- Name: user_badges; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.user_badges (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    badge_id text NOT NULL,
    earned_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: voice_rooms; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.voice_rooms (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    host_id uuid NOT NULL,
    session_id uuid,
    name text NOT NULL,
    status text DEFAULT 'open'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    provider text,
    provider_room_name text,
    provider_room_url text,
    expires_at timestamp with time zone,
    CONSTRAINT voice_rooms_name_limits CHECK ((((char_length(name) >= 1) AND (char_length(name) <= 100)) AND (btrim(name) <> ''::text))),
    CONSTRAINT voice_rooms_provider_all_or_none CHECK ((((provider IS NULL) AND (provider_room_name IS NULL) AND (provider_room_url IS NULL) AND (expires_at IS NULL)) OR ((provider IS NOT NULL) AND (provider_room_name IS NOT NULL) AND (provider_room_url IS NOT NULL) AND (expires_at IS NOT NULL)))),
    CONSTRAINT voice_rooms_provider_check CHECK ((provider = 'daily'::text)),
    CONSTRAINT voice_rooms_provider_room_url_check CHECK ((provider_room_url ~ '^https://[^[:space:]]+$'::text)),
    CONSTRAINT voice_rooms_status_check CHECK ((status = ANY (ARRAY['open'::text, 'closed'::text])))
);


--
-- Name: xp_transactions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.xp_transactions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    amount integer NOT NULL,
    reason text NOT NULL,
    reference_id uuid,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    mashup_id uuid,
    counter text,
    CONSTRAINT xp_transactions_amount_check CHECK ((amount > 0)),
    CONSTRAINT xp_transactions_counter_check CHECK ((counter = ANY (ARRAY['total_mashups'::text, 'total_likes_received'::text]))),
    CONSTRAINT xp_transactions_reason_check CHECK ((reason ~ '^[a-z0-9_:.-]{1,64}$'::text))
);


--
-- Name: TABLE xp_transactions; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.xp_transactions IS 'XP ledger; idempotent per (user_id, reason, reference_id); written only by public.award_xp().';


--
-- Name: identities identities_pkey; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.identities
    ADD CONSTRAINT identities_pkey PRIMARY KEY (id);


--
-- Name: identities identities_provider_id_provider_unique; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.identities
    ADD CONSTRAINT identities_provider_id_provider_unique UNIQUE (provider_id, provider);


--
-- Name: users users_phone_key; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.users
    ADD CONSTRAINT users_phone_key UNIQUE (phone);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);


--
-- Name: ai_jobs ai_jobs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ai_jobs
    ADD CONSTRAINT ai_jobs_pkey PRIMARY KEY (id);


--
-- Name: analytics_daily_rollup analytics_daily_rollup_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.analytics_daily_rollup
    ADD CONSTRAINT analytics_daily_rollup_pkey PRIMARY KEY (mashup_id, day, shard);


--
-- Name: analytics_events analytics_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.analytics_events
    ADD CONSTRAINT analytics_events_pkey PRIMARY KEY (id);


--
-- Name: badges badges_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.badges
    ADD CONSTRAINT badges_pkey PRIMARY KEY (id);


--
-- Name: battle_votes battle_votes_battle_id_user_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.battle_votes
    ADD CONSTRAINT battle_votes_battle_id_user_id_key UNIQUE (battle_id, user_id);


--
-- Name: battle_votes battle_votes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.battle_votes
    ADD CONSTRAINT battle_votes_pkey PRIMARY KEY (id);


--
-- Name: battles battles_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.battles
    ADD CONSTRAINT battles_pkey PRIMARY KEY (id);


--
-- Name: captions captions_mashup_id_segment_index_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.captions
    ADD CONSTRAINT captions_mashup_id_segment_index_key UNIQUE (mashup_id, segment_index);


--
-- Name: captions captions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.captions
    ADD CONSTRAINT captions_pkey PRIMARY KEY (id);


--
-- Name: challenge_entries challenge_entries_challenge_id_mashup_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.challenge_entries
    ADD CONSTRAINT challenge_entries_challenge_id_mashup_id_key UNIQUE (challenge_id, mashup_id);


--
-- Name: challenge_entries challenge_entries_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.challenge_entries
    ADD CONSTRAINT challenge_entries_pkey PRIMARY KEY (id);


--
-- Name: challenges challenges_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.challenges
    ADD CONSTRAINT challenges_pkey PRIMARY KEY (id);


--
-- Name: collaboration_participants collaboration_participants_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.collaboration_participants
    ADD CONSTRAINT collaboration_participants_pkey PRIMARY KEY (session_id, user_id);


--
-- Name: collaboration_sessions collaboration_sessions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.collaboration_sessions
    ADD CONSTRAINT collaboration_sessions_pkey PRIMARY KEY (id);


--
-- Name: fan_subscriptions fan_subscriptions_fan_id_creator_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.fan_subscriptions
    ADD CONSTRAINT fan_subscriptions_fan_id_creator_id_key UNIQUE (fan_id, creator_id);


--
-- Name: fan_subscriptions fan_subscriptions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.fan_subscriptions
    ADD CONSTRAINT fan_subscriptions_pkey PRIMARY KEY (id);


--
-- Name: follows follows_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.follows
    ADD CONSTRAINT follows_pkey PRIMARY KEY (follower_id, following_id);


--
-- Name: mashup_comments mashup_comments_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mashup_comments
    ADD CONSTRAINT mashup_comments_pkey PRIMARY KEY (id);


--
-- Name: mashup_likes mashup_likes_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mashup_likes
    ADD CONSTRAINT mashup_likes_pkey PRIMARY KEY (user_id, mashup_id);


--
-- Name: mashups mashups_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mashups
    ADD CONSTRAINT mashups_pkey PRIMARY KEY (id);


--
-- Name: profiles profiles_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.profiles
    ADD CONSTRAINT profiles_pkey PRIMARY KEY (id);


--
-- Name: profiles profiles_username_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.profiles
    ADD CONSTRAINT profiles_username_key UNIQUE (username);


--
-- Name: recommendation_events recommendation_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.recommendation_events
    ADD CONSTRAINT recommendation_events_pkey PRIMARY KEY (id);


--
-- Name: revenue_split_recipients revenue_split_recipients_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.revenue_split_recipients
    ADD CONSTRAINT revenue_split_recipients_pkey PRIMARY KEY (id);


--
-- Name: revenue_splits revenue_splits_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.revenue_splits
    ADD CONSTRAINT revenue_splits_pkey PRIMARY KEY (id);


--
-- Name: subscriptions subscriptions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_pkey PRIMARY KEY (user_id);


--
-- Name: subscriptions subscriptions_stripe_customer_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_stripe_customer_id_key UNIQUE (stripe_customer_id);


--
-- Name: subscriptions subscriptions_stripe_subscription_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_stripe_subscription_id_key UNIQUE (stripe_subscription_id);


--
-- Name: tier_limits tier_limits_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tier_limits
    ADD CONSTRAINT tier_limits_pkey PRIMARY KEY (tier, resource);


--
-- Name: trending_sounds trending_sounds_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.trending_sounds
    ADD CONSTRAINT trending_sounds_pkey PRIMARY KEY (id);


--
-- Name: trending_sounds trending_sounds_source_external_url_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.trending_sounds
    ADD CONSTRAINT trending_sounds_source_external_url_key UNIQUE (source, external_url);


--
-- Name: user_badges user_badges_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_badges
    ADD CONSTRAINT user_badges_pkey PRIMARY KEY (id);


--
-- Name: user_badges user_badges_user_id_badge_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_badges
    ADD CONSTRAINT user_badges_user_id_badge_id_key UNIQUE (user_id, badge_id);


--
-- Name: user_gamification user_gamification_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_gamification
    ADD CONSTRAINT user_gamification_pkey PRIMARY KEY (user_id);


--
-- Name: voice_rooms voice_rooms_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.voice_rooms
    ADD CONSTRAINT voice_rooms_pkey PRIMARY KEY (id);


--
-- Name: xp_transactions xp_transactions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.xp_transactions
    ADD CONSTRAINT xp_transactions_pkey PRIMARY KEY (id);


--
-- Name: xp_transactions xp_transactions_user_reason_reference_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.xp_transactions
    ADD CONSTRAINT xp_transactions_user_reason_reference_key UNIQUE NULLS NOT DISTINCT (user_id, reason, reference_id);


--
-- Name: identities_email_idx; Type: INDEX; Schema: auth; Owner: -
--

CREATE INDEX identities_email_idx ON auth.identities USING btree (email text_pattern_ops);


--
-- Name: identities_user_id_idx; Type: INDEX; Schema: auth; Owner: -
--

CREATE INDEX identities_user_id_idx ON auth.identities USING btree (user_id);


--
-- Name: ai_jobs_user_id_created_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ai_jobs_user_id_created_at_idx ON public.ai_jobs USING btree (user_id, created_at);


--
-- Name: ai_jobs_user_id_job_type_created_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ai_jobs_user_id_job_type_created_at_idx ON public.ai_jobs USING btree (user_id, job_type, created_at);


--
-- Name: analytics_daily_rollup_creator_id_day_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX analytics_daily_rollup_creator_id_day_idx ON public.analytics_daily_rollup USING btree (creator_id, day) INCLUDE (plays, likes, shares, comments);


--
-- Name: analytics_events_created_at_brin_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX analytics_events_created_at_brin_idx ON public.analytics_events USING brin (created_at);


--
-- Name: analytics_events_dedupe_key_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX analytics_events_dedupe_key_idx ON public.analytics_events USING btree (dedupe_key) WHERE (dedupe_key IS NOT NULL);


--
-- Name: analytics_events_mashup_id_created_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX analytics_events_mashup_id_created_at_idx ON public.analytics_events USING btree (mashup_id, created_at);


--
-- Name: analytics_events_user_id_created_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX analytics_events_user_id_created_at_idx ON public.analytics_events USING btree (user_id, created_at);


--
-- Name: battle_votes_battle_id_entry_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX battle_votes_battle_id_entry_id_idx ON public.battle_votes USING btree (battle_id, entry_id);


--
-- Name: battle_votes_entry_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX battle_votes_entry_id_idx ON public.battle_votes USING btree (entry_id);


--
-- Name: battle_votes_user_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX battle_votes_user_id_idx ON public.battle_votes USING btree (user_id);


--
-- Name: battles_challenge_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX battles_challenge_id_idx ON public.battles USING btree (challenge_id);


--
-- Name: battles_entry_a_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX battles_entry_a_id_idx ON public.battles USING btree (entry_a_id);


--
-- Name: battles_entry_b_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX battles_entry_b_id_idx ON public.battles USING btree (entry_b_id);


--
-- Name: battles_winner_entry_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX battles_winner_entry_id_idx ON public.battles USING btree (winner_entry_id);


--
-- Name: challenge_entries_mashup_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX challenge_entries_mashup_id_idx ON public.challenge_entries USING btree (mashup_id);


--
-- Name: challenge_entries_user_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX challenge_entries_user_id_idx ON public.challenge_entries USING btree (user_id);


--
-- Name: challenges_created_by_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX challenges_created_by_idx ON public.challenges USING btree (created_by);


--
-- Name: challenges_status_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX challenges_status_idx ON public.challenges USING btree (status);


--
-- Name: collaboration_participants_user_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX collaboration_participants_user_id_idx ON public.collaboration_participants USING btree (user_id);


--
-- Name: collaboration_sessions_host_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX collaboration_sessions_host_id_idx ON public.collaboration_sessions USING btree (host_id);


--
-- Name: collaboration_sessions_mashup_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX collaboration_sessions_mashup_id_idx ON public.collaboration_sessions USING btree (mashup_id);


--
-- Name: fan_subscriptions_creator_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX fan_subscriptions_creator_id_idx ON public.fan_subscriptions USING btree (creator_id);


--
-- Name: follows_following_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX follows_following_id_idx ON public.follows USING btree (following_id);


--
-- Name: mashup_comments_mashup_id_created_at_listed_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX mashup_comments_mashup_id_created_at_listed_idx ON public.mashup_comments USING btree (mashup_id, created_at) INCLUDE (mashup_listed, user_id);


--
-- Name: mashup_comments_user_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX mashup_comments_user_id_idx ON public.mashup_comments USING btree (user_id);


--
-- Name: mashup_likes_mashup_id_listed_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX mashup_likes_mashup_id_listed_idx ON public.mashup_likes USING btree (mashup_id) INCLUDE (mashup_listed, user_id);


--
-- Name: mashups_creator_id_created_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX mashups_creator_id_created_at_idx ON public.mashups USING btree (creator_id, created_at);


--
-- Name: mashups_embedding_public_ivf_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX mashups_embedding_public_ivf_idx ON public.mashups USING ivfflat (((embedding)::public.halfvec(1536)) public.halfvec_cosine_ops) WITH (lists='200') WHERE ((status = 'published'::text) AND (visibility = 'public'::text));


--
-- Name: mashups_status_visibility_published_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX mashups_status_visibility_published_at_idx ON public.mashups USING btree (status, visibility, published_at DESC);


--
-- Name: recommendation_events_mashup_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX recommendation_events_mashup_id_idx ON public.recommendation_events USING btree (mashup_id);


--
-- Name: recommendation_events_user_id_created_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX recommendation_events_user_id_created_at_idx ON public.recommendation_events USING btree (user_id, created_at);


--
-- Name: recommendation_events_user_id_dismissed_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX recommendation_events_user_id_dismissed_idx ON public.recommendation_events USING btree (user_id, mashup_id) WHERE (event_type = 'dismissed'::text);


--
-- Name: revenue_split_recipients_split_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX revenue_split_recipients_split_id_idx ON public.revenue_split_recipients USING btree (split_id);


--
-- Name: revenue_split_recipients_user_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX revenue_split_recipients_user_id_idx ON public.revenue_split_recipients USING btree (user_id);


--
-- Name: revenue_splits_creator_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX revenue_splits_creator_id_idx ON public.revenue_splits USING btree (creator_id);


--
-- Name: revenue_splits_mashup_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX revenue_splits_mashup_id_idx ON public.revenue_splits USING btree (mashup_id);


--
-- Name: user_badges_badge_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX user_badges_badge_id_idx ON public.user_badges USING btree (badge_id);


--
-- Name: voice_rooms_expires_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX voice_rooms_expires_at_idx ON public.voice_rooms USING btree (expires_at) WHERE (status = 'open'::text);


--
-- Name: voice_rooms_host_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX voice_rooms_host_id_idx ON public.voice_rooms USING btree (host_id);


--
-- Name: voice_rooms_session_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX voice_rooms_session_id_idx ON public.voice_rooms USING btree (session_id);


--
-- Name: xp_transactions_mashup_id_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX xp_transactions_mashup_id_idx ON public.xp_transactions USING btree (mashup_id);


--
-- Name: xp_transactions_user_id_created_at_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX xp_transactions_user_id_created_at_idx ON public.xp_transactions USING btree (user_id, created_at);


--
-- Name: users on_auth_user_created; Type: TRIGGER; Schema: auth; Owner: -
--

CREATE TRIGGER on_auth_user_created AFTER INSERT ON auth.users FOR EACH ROW EXECUTE FUNCTION public.handle_new_user();


--
-- Name: ai_jobs ai_jobs_enforce_usage_limit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER ai_jobs_enforce_usage_limit BEFORE INSERT ON public.ai_jobs FOR EACH ROW EXECUTE FUNCTION public.enforce_usage_limit();


--
-- Name: analytics_events analytics_events_immutable; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER analytics_events_immutable BEFORE UPDATE ON public.analytics_events FOR EACH ROW EXECUTE FUNCTION public.analytics_events_immutable();


--
-- Name: analytics_events analytics_events_rollup_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER analytics_events_rollup_delete AFTER DELETE ON public.analytics_events REFERENCING OLD TABLE AS changed_events FOR EACH STATEMENT EXECUTE FUNCTION public.analytics_rollup_on_change();


--
-- Name: analytics_events analytics_events_rollup_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER analytics_events_rollup_insert AFTER INSERT ON public.analytics_events REFERENCING NEW TABLE AS changed_events FOR EACH STATEMENT EXECUTE FUNCTION public.analytics_rollup_on_change();


--
-- Name: analytics_events analytics_events_rollup_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER analytics_events_rollup_truncate AFTER TRUNCATE ON public.analytics_events FOR EACH STATEMENT EXECUTE FUNCTION public.analytics_rollup_on_truncate();


--
-- Name: battle_votes battle_votes_award_vote_xp; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER battle_votes_award_vote_xp AFTER INSERT ON public.battle_votes FOR EACH ROW EXECUTE FUNCTION public.trg_award_vote_xp();


--
-- Name: battle_votes battle_votes_validate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER battle_votes_validate BEFORE INSERT OR UPDATE ON public.battle_votes FOR EACH ROW EXECUTE FUNCTION public.battle_votes_validate();


--
-- Name: captions captions_listed_recheck; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER captions_listed_recheck AFTER INSERT ON public.captions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.mashup_child_recheck_listed();


--
-- Name: captions captions_serialize_track; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER captions_serialize_track BEFORE INSERT OR UPDATE OF mashup_id, segment_index ON public.captions FOR EACH ROW EXECUTE FUNCTION public.captions_serialize_track();


--
-- Name: captions captions_set_listed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER captions_set_listed BEFORE INSERT OR UPDATE OF mashup_id, mashup_listed ON public.captions FOR EACH ROW EXECUTE FUNCTION public.mashup_child_set_listed();


--
-- Name: mashups challenge_entries_withdraw_free; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER challenge_entries_withdraw_free BEFORE DELETE ON public.mashups FOR EACH ROW EXECUTE FUNCTION public.challenge_entries_withdraw_free();


--
-- Name: collaboration_sessions collab_session_close_rooms; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER collab_session_close_rooms AFTER UPDATE OF status ON public.collaboration_sessions FOR EACH ROW WHEN (((new.status = 'ended'::text) AND (old.status IS DISTINCT FROM 'ended'::text))) EXECUTE FUNCTION public.collab_session_close_rooms();


--
-- Name: mashup_comments mashup_comments_listed_recheck; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mashup_comments_listed_recheck AFTER INSERT ON public.mashup_comments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.mashup_child_recheck_listed();


--
-- Name: mashup_comments mashup_comments_log_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mashup_comments_log_delete AFTER DELETE ON public.mashup_comments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.analytics_log_engagement();


--
-- Name: mashup_comments mashup_comments_log_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mashup_comments_log_insert AFTER INSERT ON public.mashup_comments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.analytics_log_engagement();


--
-- Name: mashup_comments mashup_comments_set_listed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mashup_comments_set_listed BEFORE INSERT OR UPDATE OF mashup_id, mashup_listed ON public.mashup_comments FOR EACH ROW EXECUTE FUNCTION public.mashup_child_set_listed();


--
-- Name: mashup_likes mashup_likes_count_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mashup_likes_count_delete AFTER DELETE ON public.mashup_likes REFERENCING OLD TABLE AS old_likes FOR EACH STATEMENT EXECUTE FUNCTION public.mashup_likes_count();


--
-- Name: mashup_likes mashup_likes_count_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mashup_likes_count_insert AFTER INSERT ON public.mashup_likes REFERENCING NEW TABLE AS new_likes FOR EACH STATEMENT EXECUTE FUNCTION public.mashup_likes_count();


--
-- Name: mashup_likes mashup_likes_count_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mashup_likes_count_update AFTER UPDATE ON public.mashup_likes REFERENCING OLD TABLE AS old_likes NEW TABLE AS new_likes FOR EACH STATEMENT EXECUTE FUNCTION public.mashup_likes_count();


--
-- Name: mashup_likes mashup_likes_listed_recheck; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mashup_likes_listed_recheck AFTER INSERT ON public.mashup_likes REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.mashup_child_recheck_listed();


--
-- Name: mashup_likes mashup_likes_log_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mashup_likes_log_delete AFTER DELETE ON public.mashup_likes REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.analytics_log_engagement();


--
-- Name: mashup_likes mashup_likes_log_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mashup_likes_log_insert AFTER INSERT ON public.mashup_likes REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.analytics_log_engagement();


--
-- Name: mashup_likes mashup_likes_set_listed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mashup_likes_set_listed BEFORE INSERT OR UPDATE OF mashup_id, mashup_listed ON public.mashup_likes FOR EACH ROW EXECUTE FUNCTION public.mashup_child_set_listed();


--
-- Name: mashup_likes mashup_likes_xp_award; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mashup_likes_xp_award AFTER INSERT ON public.mashup_likes REFERENCING NEW TABLE AS new_likes FOR EACH STATEMENT EXECUTE FUNCTION public.trg_award_like_xp();


--
-- Name: mashup_likes mashup_likes_xp_withdraw; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mashup_likes_xp_withdraw AFTER DELETE ON public.mashup_likes REFERENCING OLD TABLE AS old_likes FOR EACH STATEMENT EXECUTE FUNCTION public.trg_withdraw_like_xp();


--
-- Name: mashups mashups_award_publish_xp; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mashups_award_publish_xp AFTER INSERT OR UPDATE OF status ON public.mashups FOR EACH ROW WHEN ((new.status = 'published'::text)) EXECUTE FUNCTION public.trg_award_publish_xp();


--
-- Name: mashups mashups_count_deleted_uploads; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mashups_count_deleted_uploads AFTER DELETE ON public.mashups REFERENCING OLD TABLE AS old_mashups FOR EACH STATEMENT EXECUTE FUNCTION public.count_deleted_uploads();


--
-- Name: mashups mashups_enforce_usage_limit; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mashups_enforce_usage_limit BEFORE INSERT ON public.mashups FOR EACH ROW EXECUTE FUNCTION public.enforce_usage_limit();


--
-- Name: mashups mashups_set_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mashups_set_updated_at BEFORE UPDATE ON public.mashups FOR EACH ROW WHEN ((old.like_count = new.like_count)) EXECUTE FUNCTION public.set_updated_at();


--
-- Name: mashups mashups_stamp_published_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mashups_stamp_published_at BEFORE INSERT OR UPDATE OF status, published_at ON public.mashups FOR EACH ROW EXECUTE FUNCTION public.mashups_stamp_published_at();


--
-- Name: mashups mashups_sync_listed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mashups_sync_listed AFTER UPDATE OF status, visibility ON public.mashups FOR EACH ROW WHEN ((((old.status = 'published'::text) AND (old.visibility = 'public'::text)) IS DISTINCT FROM ((new.status = 'published'::text) AND (new.visibility = 'public'::text)))) EXECUTE FUNCTION public.mashups_sync_listed();


--
-- Name: mashups mashups_withdraw_publish_xp; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER mashups_withdraw_publish_xp AFTER UPDATE OF status ON public.mashups FOR EACH ROW WHEN (((old.status = 'published'::text) AND (new.status <> 'published'::text))) EXECUTE FUNCTION public.trg_withdraw_publish_xp();


--
-- Name: profiles profiles_set_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER profiles_set_updated_at BEFORE UPDATE ON public.profiles FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();


--
-- Name: revenue_split_recipients revenue_split_recipients_check_total; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER revenue_split_recipients_check_total AFTER INSERT OR DELETE OR UPDATE OF percentage, split_id ON public.revenue_split_recipients FOR EACH ROW EXECUTE FUNCTION public.revenue_split_recipients_check_total();


--
-- Name: revenue_split_recipients revenue_split_recipients_guard; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER revenue_split_recipients_guard BEFORE DELETE OR UPDATE ON public.revenue_split_recipients FOR EACH ROW EXECUTE FUNCTION public.revenue_split_recipients_guard();


--
-- Name: revenue_splits revenue_splits_guard; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER revenue_splits_guard BEFORE INSERT OR UPDATE ON public.revenue_splits FOR EACH ROW EXECUTE FUNCTION public.revenue_splits_guard();


--
-- Name: voice_rooms voice_rooms_require_active_session; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER voice_rooms_require_active_session BEFORE INSERT OR UPDATE OF status, session_id ON public.voice_rooms FOR EACH ROW WHEN (((new.session_id IS NOT NULL) AND (new.status = 'open'::text))) EXECUTE FUNCTION public.voice_rooms_require_active_session();


--
-- Name: xp_transactions xp_transactions_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER xp_transactions_truncate AFTER TRUNCATE ON public.xp_transactions FOR EACH STATEMENT EXECUTE FUNCTION public.trg_reset_xp_on_truncate();


--
-- Name: xp_transactions xp_transactions_withdraw; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER xp_transactions_withdraw AFTER DELETE ON public.xp_transactions REFERENCING OLD TABLE AS old_xp FOR EACH STATEMENT EXECUTE FUNCTION public.trg_withdraw_xp();


--
-- Name: identities identities_user_id_fkey; Type: FK CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.identities
    ADD CONSTRAINT identities_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;


--
-- Name: ai_jobs ai_jobs_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ai_jobs
    ADD CONSTRAINT ai_jobs_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: analytics_daily_rollup analytics_daily_rollup_creator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.analytics_daily_rollup
    ADD CONSTRAINT analytics_daily_rollup_creator_id_fkey FOREIGN KEY (creator_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: analytics_daily_rollup analytics_daily_rollup_mashup_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.analytics_daily_rollup
    ADD CONSTRAINT analytics_daily_rollup_mashup_id_fkey FOREIGN KEY (mashup_id) REFERENCES public.mashups(id) ON DELETE CASCADE;


--
-- Name: analytics_events analytics_events_mashup_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.analytics_events
    ADD CONSTRAINT analytics_events_mashup_id_fkey FOREIGN KEY (mashup_id) REFERENCES public.mashups(id) ON DELETE CASCADE;


--
-- Name: analytics_events analytics_events_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.analytics_events
    ADD CONSTRAINT analytics_events_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE SET NULL;


--
-- Name: battle_votes battle_votes_battle_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.battle_votes
    ADD CONSTRAINT battle_votes_battle_id_fkey FOREIGN KEY (battle_id) REFERENCES public.battles(id) ON DELETE CASCADE;


--
-- Name: battle_votes battle_votes_entry_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.battle_votes
    ADD CONSTRAINT battle_votes_entry_id_fkey FOREIGN KEY (entry_id) REFERENCES public.challenge_entries(id) ON DELETE CASCADE;


--
-- Name: battle_votes battle_votes_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.battle_votes
    ADD CONSTRAINT battle_votes_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: battles battles_challenge_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.battles
    ADD CONSTRAINT battles_challenge_id_fkey FOREIGN KEY (challenge_id) REFERENCES public.challenges(id) ON DELETE CASCADE;


--
-- Name: battles battles_entry_a_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.battles
    ADD CONSTRAINT battles_entry_a_id_fkey FOREIGN KEY (entry_a_id) REFERENCES public.challenge_entries(id) ON DELETE CASCADE;


--
-- Name: battles battles_entry_b_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.battles
    ADD CONSTRAINT battles_entry_b_id_fkey FOREIGN KEY (entry_b_id) REFERENCES public.challenge_entries(id) ON DELETE CASCADE;


--
-- Name: battles battles_winner_entry_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.battles
    ADD CONSTRAINT battles_winner_entry_id_fkey FOREIGN KEY (winner_entry_id) REFERENCES public.challenge_entries(id) ON DELETE SET NULL;


--
-- Name: captions captions_mashup_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.captions
    ADD CONSTRAINT captions_mashup_id_fkey FOREIGN KEY (mashup_id) REFERENCES public.mashups(id) ON DELETE CASCADE;


--
-- Name: challenge_entries challenge_entries_challenge_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.challenge_entries
    ADD CONSTRAINT challenge_entries_challenge_id_fkey FOREIGN KEY (challenge_id) REFERENCES public.challenges(id) ON DELETE CASCADE;


--
-- Name: challenge_entries challenge_entries_mashup_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.challenge_entries
    ADD CONSTRAINT challenge_entries_mashup_id_fkey FOREIGN KEY (mashup_id) REFERENCES public.mashups(id) ON DELETE SET NULL;


--
-- Name: challenge_entries challenge_entries_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.challenge_entries
    ADD CONSTRAINT challenge_entries_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE SET NULL;


--
-- Name: challenges challenges_created_by_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.challenges
    ADD CONSTRAINT challenges_created_by_fkey FOREIGN KEY (created_by) REFERENCES public.profiles(id) ON DELETE SET NULL;


--
-- Name: collaboration_participants collaboration_participants_session_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.collaboration_participants
    ADD CONSTRAINT collaboration_participants_session_id_fkey FOREIGN KEY (session_id) REFERENCES public.collaboration_sessions(id) ON DELETE CASCADE;


--
-- Name: collaboration_participants collaboration_participants_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.collaboration_participants
    ADD CONSTRAINT collaboration_participants_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: collaboration_sessions collaboration_sessions_host_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.collaboration_sessions
    ADD CONSTRAINT collaboration_sessions_host_id_fkey FOREIGN KEY (host_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: collaboration_sessions collaboration_sessions_mashup_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.collaboration_sessions
    ADD CONSTRAINT collaboration_sessions_mashup_id_fkey FOREIGN KEY (mashup_id) REFERENCES public.mashups(id) ON DELETE SET NULL;


--
-- Name: fan_subscriptions fan_subscriptions_creator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.fan_subscriptions
    ADD CONSTRAINT fan_subscriptions_creator_id_fkey FOREIGN KEY (creator_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: fan_subscriptions fan_subscriptions_fan_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.fan_subscriptions
    ADD CONSTRAINT fan_subscriptions_fan_id_fkey FOREIGN KEY (fan_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: follows follows_follower_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.follows
    ADD CONSTRAINT follows_follower_id_fkey FOREIGN KEY (follower_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: follows follows_following_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.follows
    ADD CONSTRAINT follows_following_id_fkey FOREIGN KEY (following_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: mashup_comments mashup_comments_mashup_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mashup_comments
    ADD CONSTRAINT mashup_comments_mashup_id_fkey FOREIGN KEY (mashup_id) REFERENCES public.mashups(id) ON DELETE CASCADE;


--
-- Name: mashup_comments mashup_comments_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mashup_comments
    ADD CONSTRAINT mashup_comments_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: mashup_likes mashup_likes_mashup_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mashup_likes
    ADD CONSTRAINT mashup_likes_mashup_id_fkey FOREIGN KEY (mashup_id) REFERENCES public.mashups(id) ON DELETE CASCADE;


--
-- Name: mashup_likes mashup_likes_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mashup_likes
    ADD CONSTRAINT mashup_likes_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: mashups mashups_creator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.mashups
    ADD CONSTRAINT mashups_creator_id_fkey FOREIGN KEY (creator_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: profiles profiles_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.profiles
    ADD CONSTRAINT profiles_id_fkey FOREIGN KEY (id) REFERENCES auth.users(id) ON DELETE CASCADE;


--
-- Name: recommendation_events recommendation_events_mashup_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.recommendation_events
    ADD CONSTRAINT recommendation_events_mashup_id_fkey FOREIGN KEY (mashup_id) REFERENCES public.mashups(id) ON DELETE CASCADE;


--
-- Name: recommendation_events recommendation_events_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.recommendation_events
    ADD CONSTRAINT recommendation_events_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: revenue_split_recipients revenue_split_recipients_split_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.revenue_split_recipients
    ADD CONSTRAINT revenue_split_recipients_split_id_fkey FOREIGN KEY (split_id) REFERENCES public.revenue_splits(id) ON DELETE CASCADE;


--
-- Name: revenue_split_recipients revenue_split_recipients_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.revenue_split_recipients
    ADD CONSTRAINT revenue_split_recipients_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE SET NULL;


--
-- Name: revenue_splits revenue_splits_creator_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.revenue_splits
    ADD CONSTRAINT revenue_splits_creator_id_fkey FOREIGN KEY (creator_id) REFERENCES public.profiles(id) ON DELETE SET NULL;


--
-- Name: revenue_splits revenue_splits_mashup_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.revenue_splits
    ADD CONSTRAINT revenue_splits_mashup_id_fkey FOREIGN KEY (mashup_id) REFERENCES public.mashups(id) ON DELETE SET NULL;


--
-- Name: subscriptions subscriptions_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: user_badges user_badges_badge_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_badges
    ADD CONSTRAINT user_badges_badge_id_fkey FOREIGN KEY (badge_id) REFERENCES public.badges(id) ON DELETE CASCADE;


--
-- Name: user_badges user_badges_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_badges
    ADD CONSTRAINT user_badges_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: user_gamification user_gamification_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_gamification
    ADD CONSTRAINT user_gamification_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: voice_rooms voice_rooms_host_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.voice_rooms
    ADD CONSTRAINT voice_rooms_host_id_fkey FOREIGN KEY (host_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: voice_rooms voice_rooms_session_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.voice_rooms
    ADD CONSTRAINT voice_rooms_session_id_fkey FOREIGN KEY (session_id) REFERENCES public.collaboration_sessions(id) ON DELETE CASCADE;


--
-- Name: xp_transactions xp_transactions_mashup_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.xp_transactions
    ADD CONSTRAINT xp_transactions_mashup_id_fkey FOREIGN KEY (mashup_id) REFERENCES public.mashups(id) ON DELETE CASCADE;


--
-- Name: xp_transactions xp_transactions_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.xp_transactions
    ADD CONSTRAINT xp_transactions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.profiles(id) ON DELETE CASCADE;


--
-- Name: identities; Type: ROW SECURITY; Schema: auth; Owner: -
--

ALTER TABLE auth.identities ENABLE ROW LEVEL SECURITY;

--
-- Name: users; Type: ROW SECURITY; Schema: auth; Owner: -
--

ALTER TABLE auth.users ENABLE ROW LEVEL SECURITY;

--
-- Name: ai_jobs; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.ai_jobs ENABLE ROW LEVEL SECURITY;

--
-- Name: ai_jobs ai_jobs_insert_own; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY ai_jobs_insert_own ON public.ai_jobs FOR INSERT TO authenticated WITH CHECK (((user_id = ( SELECT auth.uid() AS uid)) AND (status = 'queued'::text)));


--
-- Name: ai_jobs ai_jobs_select_own; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY ai_jobs_select_own ON public.ai_jobs FOR SELECT TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));


--
-- Name: analytics_daily_rollup; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.analytics_daily_rollup ENABLE ROW LEVEL SECURITY;

--
-- Name: analytics_daily_rollup analytics_daily_rollup_select_creator; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY analytics_daily_rollup_select_creator ON public.analytics_daily_rollup FOR SELECT TO authenticated USING ((creator_id = ( SELECT auth.uid() AS uid)));


--
-- Name: analytics_events; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.analytics_events ENABLE ROW LEVEL SECURITY;

--
-- Name: analytics_events analytics_events_select_creator; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY analytics_events_select_creator ON public.analytics_events FOR SELECT TO authenticated USING ((mashup_id = ANY (ARRAY( SELECT m.id
   FROM public.mashups m
  WHERE (m.creator_id = ( SELECT auth.uid() AS uid))))));


--
-- Name: badges; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.badges ENABLE ROW LEVEL SECURITY;

--
-- Name: badges badges_select_all; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY badges_select_all ON public.badges FOR SELECT TO anon, authenticated USING (true);


--
-- Name: battle_votes; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.battle_votes ENABLE ROW LEVEL SECURITY;

--
-- Name: battle_votes battle_votes_insert_own; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY battle_votes_insert_own ON public.battle_votes FOR INSERT TO authenticated WITH CHECK ((user_id = ( SELECT auth.uid() AS uid)));


--
-- Name: battle_votes battle_votes_select_all; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY battle_votes_select_all ON public.battle_votes FOR SELECT TO anon, authenticated USING (true);


--
-- Name: battles; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.battles ENABLE ROW LEVEL SECURITY;

--
-- Name: battles battles_select_all; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY battles_select_all ON public.battles FOR SELECT TO anon, authenticated USING (true);


--
-- Name: captions; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.captions ENABLE ROW LEVEL SECURITY;

--
-- Name: captions captions_delete_creator; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY captions_delete_creator ON public.captions FOR DELETE TO authenticated USING (public.is_mashup_creator(mashup_id));


--
-- Name: captions captions_insert_creator; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY captions_insert_creator ON public.captions FOR INSERT TO authenticated WITH CHECK (public.is_mashup_creator(mashup_id));


--
-- Name: captions captions_select_listed; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY captions_select_listed ON public.captions FOR SELECT TO anon, authenticated USING ((mashup_listed OR (mashup_id = ANY (ARRAY( SELECT m.id
   FROM public.mashups m
  WHERE (m.creator_id = ( SELECT public.caller_id() AS caller_id)))))));


--
-- Name: captions captions_update_creator; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY captions_update_creator ON public.captions FOR UPDATE TO authenticated USING (public.is_mashup_creator(mashup_id)) WITH CHECK (public.is_mashup_creator(mashup_id));


--
-- Name: challenge_entries; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.challenge_entries ENABLE ROW LEVEL SECURITY;

--
-- Name: challenge_entries challenge_entries_delete_own; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY challenge_entries_delete_own ON public.challenge_entries FOR DELETE TO authenticated USING (((user_id = ( SELECT auth.uid() AS uid)) AND (EXISTS ( SELECT 1
   FROM public.challenges c
  WHERE ((c.id = challenge_entries.challenge_id) AND (c.status = 'active'::text)))) AND (NOT (EXISTS ( SELECT 1
   FROM public.battles b
  WHERE ((b.entry_a_id = challenge_entries.id) OR (b.entry_b_id = challenge_entries.id)))))));


--
-- Name: challenge_entries challenge_entries_insert_own; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY challenge_entries_insert_own ON public.challenge_entries FOR INSERT TO authenticated WITH CHECK (((user_id = ( SELECT auth.uid() AS uid)) AND public.is_mashup_creator(mashup_id) AND (EXISTS ( SELECT 1
   FROM public.challenges c
  WHERE ((c.id = challenge_entries.challenge_id) AND (c.status = 'active'::text))))));


--
-- Name: challenge_entries challenge_entries_select_all; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY challenge_entries_select_all ON public.challenge_entries FOR SELECT TO anon, authenticated USING (true);


--
-- Name: challenges; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.challenges ENABLE ROW LEVEL SECURITY;

--
-- Name: challenges challenges_select_all; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY challenges_select_all ON public.challenges FOR SELECT TO anon, authenticated USING (true);


--
-- Name: collaboration_participants; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.collaboration_participants ENABLE ROW LEVEL SECURITY;

--
-- Name: collaboration_participants collaboration_participants_select_member; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY collaboration_participants_select_member ON public.collaboration_participants FOR SELECT TO authenticated USING ((session_id = ANY (( SELECT public.collab_session_ids_of_caller() AS collab_session_ids_of_caller)::uuid[])));


--
-- Name: collaboration_participants collaboration_participants_select_own; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY collaboration_participants_select_own ON public.collaboration_participants FOR SELECT TO authenticated USING ((user_id = ( SELECT public.caller_id() AS caller_id)));


--
-- Name: collaboration_sessions; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.collaboration_sessions ENABLE ROW LEVEL SECURITY;

--
-- Name: collaboration_sessions collaboration_sessions_insert_host; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY collaboration_sessions_insert_host ON public.collaboration_sessions FOR INSERT TO authenticated WITH CHECK (((host_id = ( SELECT auth.uid() AS uid)) AND ((mashup_id IS NULL) OR public.is_mashup_creator(mashup_id))));


--
-- Name: collaboration_sessions collaboration_sessions_select_host; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY collaboration_sessions_select_host ON public.collaboration_sessions FOR SELECT TO authenticated USING ((host_id = ( SELECT auth.uid() AS uid)));


--
-- Name: collaboration_sessions collaboration_sessions_select_member; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY collaboration_sessions_select_member ON public.collaboration_sessions FOR SELECT TO authenticated USING ((id = ANY (( SELECT public.collab_session_ids_of_caller() AS collab_session_ids_of_caller)::uuid[])));


--
-- Name: collaboration_sessions collaboration_sessions_update_host; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY collaboration_sessions_update_host ON public.collaboration_sessions FOR UPDATE TO authenticated USING ((host_id = ( SELECT auth.uid() AS uid))) WITH CHECK ((host_id = ( SELECT auth.uid() AS uid)));


--
-- Name: fan_subscriptions; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.fan_subscriptions ENABLE ROW LEVEL SECURITY;

--
-- Name: fan_subscriptions fan_subscriptions_select_creator; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY fan_subscriptions_select_creator ON public.fan_subscriptions FOR SELECT TO authenticated USING ((creator_id = ( SELECT auth.uid() AS uid)));


--
-- Name: fan_subscriptions fan_subscriptions_select_fan; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY fan_subscriptions_select_fan ON public.fan_subscriptions FOR SELECT TO authenticated USING ((fan_id = ( SELECT auth.uid() AS uid)));


--
-- Name: follows; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.follows ENABLE ROW LEVEL SECURITY;

--
-- Name: follows follows_delete_own; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY follows_delete_own ON public.follows FOR DELETE TO authenticated USING ((follower_id = ( SELECT auth.uid() AS uid)));


--
-- Name: follows follows_insert_own; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY follows_insert_own ON public.follows FOR INSERT TO authenticated WITH CHECK ((follower_id = ( SELECT auth.uid() AS uid)));


--
-- Name: follows follows_select_all; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY follows_select_all ON public.follows FOR SELECT TO anon, authenticated USING (true);


--
-- Name: mashup_comments; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.mashup_comments ENABLE ROW LEVEL SECURITY;

--
-- Name: mashup_comments mashup_comments_delete_by_mashup_creator; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY mashup_comments_delete_by_mashup_creator ON public.mashup_comments FOR DELETE TO authenticated USING (public.is_mashup_creator(mashup_id));


--
-- Name: mashup_comments mashup_comments_delete_own; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY mashup_comments_delete_own ON public.mashup_comments FOR DELETE TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));


--
-- Name: mashup_comments mashup_comments_insert_own; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY mashup_comments_insert_own ON public.mashup_comments FOR INSERT TO authenticated WITH CHECK (((user_id = ( SELECT auth.uid() AS uid)) AND public.can_view_mashup(mashup_id)));


--
-- Name: mashup_comments mashup_comments_select_listed; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY mashup_comments_select_listed ON public.mashup_comments FOR SELECT TO anon, authenticated USING ((mashup_listed OR (user_id = ( SELECT auth.uid() AS uid)) OR (mashup_id = ANY (ARRAY( SELECT m.id
   FROM public.mashups m
  WHERE (m.creator_id = ( SELECT auth.uid() AS uid)))))));


--
-- Name: mashup_comments mashup_comments_update_own; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY mashup_comments_update_own ON public.mashup_comments FOR UPDATE TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid))) WITH CHECK ((user_id = ( SELECT auth.uid() AS uid)));


--
-- Name: mashup_likes; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.mashup_likes ENABLE ROW LEVEL SECURITY;

--
-- Name: mashup_likes mashup_likes_delete_own; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY mashup_likes_delete_own ON public.mashup_likes FOR DELETE TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));


--
-- Name: mashup_likes mashup_likes_insert_own; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY mashup_likes_insert_own ON public.mashup_likes FOR INSERT TO authenticated WITH CHECK (((user_id = ( SELECT auth.uid() AS uid)) AND public.can_view_mashup(mashup_id)));


--
-- Name: mashup_likes mashup_likes_select_listed; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY mashup_likes_select_listed ON public.mashup_likes FOR SELECT TO anon, authenticated USING ((mashup_listed OR (user_id = ( SELECT auth.uid() AS uid)) OR (mashup_id = ANY (ARRAY( SELECT m.id
   FROM public.mashups m
  WHERE (m.creator_id = ( SELECT auth.uid() AS uid)))))));


--
-- Name: mashups; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.mashups ENABLE ROW LEVEL SECURITY;

--
-- Name: mashups mashups_delete_own; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY mashups_delete_own ON public.mashups FOR DELETE TO authenticated USING ((creator_id = ( SELECT public.caller_id() AS caller_id)));


--
-- Name: mashups mashups_insert_own; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY mashups_insert_own ON public.mashups FOR INSERT TO authenticated WITH CHECK ((creator_id = ( SELECT public.caller_id() AS caller_id)));


--
-- Name: mashups mashups_select_own; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY mashups_select_own ON public.mashups FOR SELECT TO authenticated USING ((creator_id = ( SELECT public.caller_id() AS caller_id)));


--
-- Name: mashups mashups_select_published; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY mashups_select_published ON public.mashups FOR SELECT TO anon, authenticated USING (((status = 'published'::text) AND (visibility = 'public'::text)));


--
-- Name: mashups mashups_update_own; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY mashups_update_own ON public.mashups FOR UPDATE TO authenticated USING ((creator_id = ( SELECT public.caller_id() AS caller_id))) WITH CHECK ((creator_id = ( SELECT public.caller_id() AS caller_id)));


--
-- Name: profiles; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.profiles ENABLE ROW LEVEL SECURITY;

--
-- Name: profiles profiles_select_all; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY profiles_select_all ON public.profiles FOR SELECT TO anon, authenticated USING (true);


--
-- Name: profiles profiles_update_own; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY profiles_update_own ON public.profiles FOR UPDATE TO authenticated USING ((id = ( SELECT auth.uid() AS uid))) WITH CHECK ((id = ( SELECT auth.uid() AS uid)));


--
-- Name: recommendation_events; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.recommendation_events ENABLE ROW LEVEL SECURITY;

--
-- Name: recommendation_events recommendation_events_insert_own; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY recommendation_events_insert_own ON public.recommendation_events FOR INSERT TO authenticated WITH CHECK (((user_id = ( SELECT auth.uid() AS uid)) AND ((mashup_id IS NULL) OR public.can_view_mashup(mashup_id))));


--
-- Name: recommendation_events recommendation_events_select_own; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY recommendation_events_select_own ON public.recommendation_events FOR SELECT TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));


--
-- Name: revenue_split_recipients; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.revenue_split_recipients ENABLE ROW LEVEL SECURITY;

--
-- Name: revenue_split_recipients revenue_split_recipients_delete_creator; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY revenue_split_recipients_delete_creator ON public.revenue_split_recipients FOR DELETE TO authenticated USING (public.revenue_split_is_editable(split_id));


--
-- Name: revenue_split_recipients revenue_split_recipients_insert_creator; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY revenue_split_recipients_insert_creator ON public.revenue_split_recipients FOR INSERT TO authenticated WITH CHECK (public.revenue_split_is_editable(split_id));


--
-- Name: revenue_split_recipients revenue_split_recipients_select_creator; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY revenue_split_recipients_select_creator ON public.revenue_split_recipients FOR SELECT TO authenticated USING ((split_id = ANY (ARRAY( SELECT public.revenue_split_ids_created() AS revenue_split_ids_created))));


--
-- Name: revenue_split_recipients revenue_split_recipients_select_own; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY revenue_split_recipients_select_own ON public.revenue_split_recipients FOR SELECT TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));


--
-- Name: revenue_split_recipients revenue_split_recipients_update_creator; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY revenue_split_recipients_update_creator ON public.revenue_split_recipients FOR UPDATE TO authenticated USING (public.revenue_split_is_editable(split_id)) WITH CHECK (public.revenue_split_is_editable(split_id));


--
-- Name: revenue_splits; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.revenue_splits ENABLE ROW LEVEL SECURITY;

--
-- Name: revenue_splits revenue_splits_delete_creator; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY revenue_splits_delete_creator ON public.revenue_splits FOR DELETE TO authenticated USING (((creator_id = ( SELECT auth.uid() AS uid)) AND (status = 'draft'::text) AND (total_revenue = (0)::numeric)));


--
-- Name: revenue_splits revenue_splits_insert_creator; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY revenue_splits_insert_creator ON public.revenue_splits FOR INSERT TO authenticated WITH CHECK (((creator_id = ( SELECT auth.uid() AS uid)) AND (mashup_id IS NOT NULL) AND public.is_mashup_creator(mashup_id)));


--
-- Name: revenue_splits revenue_splits_select_creator; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY revenue_splits_select_creator ON public.revenue_splits FOR SELECT TO authenticated USING ((creator_id = ( SELECT auth.uid() AS uid)));


--
-- Name: revenue_splits revenue_splits_select_recipient; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY revenue_splits_select_recipient ON public.revenue_splits FOR SELECT TO authenticated USING ((id = ANY (ARRAY( SELECT public.revenue_split_ids_received() AS revenue_split_ids_received))));


--
-- Name: revenue_splits revenue_splits_update_creator; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY revenue_splits_update_creator ON public.revenue_splits FOR UPDATE TO authenticated USING ((creator_id = ( SELECT auth.uid() AS uid))) WITH CHECK ((creator_id = ( SELECT auth.uid() AS uid)));


--
-- Name: subscriptions; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.subscriptions ENABLE ROW LEVEL SECURITY;

--
-- Name: subscriptions subscriptions_select_own; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY subscriptions_select_own ON public.subscriptions FOR SELECT TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));


--
-- Name: tier_limits; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.tier_limits ENABLE ROW LEVEL SECURITY;

--
-- Name: tier_limits tier_limits_select_all; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY tier_limits_select_all ON public.tier_limits FOR SELECT TO anon, authenticated USING (true);


--
-- Name: trending_sounds; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.trending_sounds ENABLE ROW LEVEL SECURITY;

--
-- Name: trending_sounds trending_sounds_select_all; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY trending_sounds_select_all ON public.trending_sounds FOR SELECT TO anon, authenticated USING (true);


--
-- Name: user_badges; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.user_badges ENABLE ROW LEVEL SECURITY;

--
-- Name: user_badges user_badges_select_own; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY user_badges_select_own ON public.user_badges FOR SELECT TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));


--
-- Name: user_gamification; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.user_gamification ENABLE ROW LEVEL SECURITY;

--
-- Name: user_gamification user_gamification_select_own; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY user_gamification_select_own ON public.user_gamification FOR SELECT TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));


--
-- Name: voice_rooms; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.voice_rooms ENABLE ROW LEVEL SECURITY;

--
-- Name: voice_rooms voice_rooms_delete_host; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY voice_rooms_delete_host ON public.voice_rooms FOR DELETE TO authenticated USING ((host_id = ( SELECT public.caller_id() AS caller_id)));


--
-- Name: voice_rooms voice_rooms_insert_host; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY voice_rooms_insert_host ON public.voice_rooms FOR INSERT TO authenticated WITH CHECK (((host_id = ( SELECT public.caller_id() AS caller_id)) AND ((session_id IS NULL) OR public.is_collab_member(session_id))));


--
-- Name: voice_rooms voice_rooms_select_host; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY voice_rooms_select_host ON public.voice_rooms FOR SELECT TO authenticated USING ((host_id = ( SELECT public.caller_id() AS caller_id)));


--
-- Name: voice_rooms voice_rooms_select_session_member; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY voice_rooms_select_session_member ON public.voice_rooms FOR SELECT TO authenticated USING ((session_id = ANY (( SELECT public.collab_session_ids_of_caller() AS collab_session_ids_of_caller)::uuid[])));


--
-- Name: voice_rooms voice_rooms_update_host; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY voice_rooms_update_host ON public.voice_rooms FOR UPDATE TO authenticated USING ((host_id = ( SELECT public.caller_id() AS caller_id))) WITH CHECK ((host_id = ( SELECT public.caller_id() AS caller_id)));


--
-- Name: xp_transactions; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.xp_transactions ENABLE ROW LEVEL SECURITY;

--
-- Name: xp_transactions xp_transactions_select_own; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY xp_transactions_select_own ON public.xp_transactions FOR SELECT TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));


--
-- Name: SCHEMA auth; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA auth TO anon;
GRANT USAGE ON SCHEMA auth TO authenticated;
GRANT USAGE ON SCHEMA auth TO service_role;


--
-- Name: SCHEMA public; Type: ACL; Schema: -; Owner: -
--

GRANT USAGE ON SCHEMA public TO anon;
GRANT USAGE ON SCHEMA public TO authenticated;
GRANT USAGE ON SCHEMA public TO service_role;


--
-- Name: FUNCTION halfvec_in(cstring, oid, integer); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.halfvec_in(cstring, oid, integer) TO anon;
GRANT ALL ON FUNCTION public.halfvec_in(cstring, oid, integer) TO authenticated;
GRANT ALL ON FUNCTION public.halfvec_in(cstring, oid, integer) TO service_role;


--
-- Name: FUNCTION halfvec_out(public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.halfvec_out(public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.halfvec_out(public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.halfvec_out(public.halfvec) TO service_role;


--
-- Name: FUNCTION halfvec_recv(internal, oid, integer); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.halfvec_recv(internal, oid, integer) TO anon;
GRANT ALL ON FUNCTION public.halfvec_recv(internal, oid, integer) TO authenticated;
GRANT ALL ON FUNCTION public.halfvec_recv(internal, oid, integer) TO service_role;


--
-- Name: FUNCTION halfvec_send(public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.halfvec_send(public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.halfvec_send(public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.halfvec_send(public.halfvec) TO service_role;


--
-- Name: FUNCTION halfvec_typmod_in(cstring[]); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.halfvec_typmod_in(cstring[]) TO anon;
GRANT ALL ON FUNCTION public.halfvec_typmod_in(cstring[]) TO authenticated;
GRANT ALL ON FUNCTION public.halfvec_typmod_in(cstring[]) TO service_role;


--
-- Name: FUNCTION sparsevec_in(cstring, oid, integer); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.sparsevec_in(cstring, oid, integer) TO anon;
GRANT ALL ON FUNCTION public.sparsevec_in(cstring, oid, integer) TO authenticated;
GRANT ALL ON FUNCTION public.sparsevec_in(cstring, oid, integer) TO service_role;


--
-- Name: FUNCTION sparsevec_out(public.sparsevec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.sparsevec_out(public.sparsevec) TO anon;
GRANT ALL ON FUNCTION public.sparsevec_out(public.sparsevec) TO authenticated;
GRANT ALL ON FUNCTION public.sparsevec_out(public.sparsevec) TO service_role;


--
-- Name: FUNCTION sparsevec_recv(internal, oid, integer); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.sparsevec_recv(internal, oid, integer) TO anon;
GRANT ALL ON FUNCTION public.sparsevec_recv(internal, oid, integer) TO authenticated;
GRANT ALL ON FUNCTION public.sparsevec_recv(internal, oid, integer) TO service_role;


--
-- Name: FUNCTION sparsevec_send(public.sparsevec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.sparsevec_send(public.sparsevec) TO anon;
GRANT ALL ON FUNCTION public.sparsevec_send(public.sparsevec) TO authenticated;
GRANT ALL ON FUNCTION public.sparsevec_send(public.sparsevec) TO service_role;


--
-- Name: FUNCTION sparsevec_typmod_in(cstring[]); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.sparsevec_typmod_in(cstring[]) TO anon;
GRANT ALL ON FUNCTION public.sparsevec_typmod_in(cstring[]) TO authenticated;
GRANT ALL ON FUNCTION public.sparsevec_typmod_in(cstring[]) TO service_role;


--
-- Name: FUNCTION vector_in(cstring, oid, integer); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_in(cstring, oid, integer) TO anon;
GRANT ALL ON FUNCTION public.vector_in(cstring, oid, integer) TO authenticated;
GRANT ALL ON FUNCTION public.vector_in(cstring, oid, integer) TO service_role;


--
-- Name: FUNCTION vector_out(public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_out(public.vector) TO anon;
GRANT ALL ON FUNCTION public.vector_out(public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.vector_out(public.vector) TO service_role;


--
-- Name: FUNCTION vector_recv(internal, oid, integer); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_recv(internal, oid, integer) TO anon;
GRANT ALL ON FUNCTION public.vector_recv(internal, oid, integer) TO authenticated;
GRANT ALL ON FUNCTION public.vector_recv(internal, oid, integer) TO service_role;


--
-- Name: FUNCTION vector_send(public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_send(public.vector) TO anon;
GRANT ALL ON FUNCTION public.vector_send(public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.vector_send(public.vector) TO service_role;


--
-- Name: FUNCTION vector_typmod_in(cstring[]); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_typmod_in(cstring[]) TO anon;
GRANT ALL ON FUNCTION public.vector_typmod_in(cstring[]) TO authenticated;
GRANT ALL ON FUNCTION public.vector_typmod_in(cstring[]) TO service_role;


--
-- Name: FUNCTION array_to_halfvec(real[], integer, boolean); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.array_to_halfvec(real[], integer, boolean) TO anon;
GRANT ALL ON FUNCTION public.array_to_halfvec(real[], integer, boolean) TO authenticated;
GRANT ALL ON FUNCTION public.array_to_halfvec(real[], integer, boolean) TO service_role;


--
-- Name: FUNCTION array_to_sparsevec(real[], integer, boolean); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.array_to_sparsevec(real[], integer, boolean) TO anon;
GRANT ALL ON FUNCTION public.array_to_sparsevec(real[], integer, boolean) TO authenticated;
GRANT ALL ON FUNCTION public.array_to_sparsevec(real[], integer, boolean) TO service_role;


--
-- Name: FUNCTION array_to_vector(real[], integer, boolean); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.array_to_vector(real[], integer, boolean) TO anon;
GRANT ALL ON FUNCTION public.array_to_vector(real[], integer, boolean) TO authenticated;
GRANT ALL ON FUNCTION public.array_to_vector(real[], integer, boolean) TO service_role;


--
-- Name: FUNCTION array_to_halfvec(double precision[], integer, boolean); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.array_to_halfvec(double precision[], integer, boolean) TO anon;
GRANT ALL ON FUNCTION public.array_to_halfvec(double precision[], integer, boolean) TO authenticated;
GRANT ALL ON FUNCTION public.array_to_halfvec(double precision[], integer, boolean) TO service_role;


--
-- Name: FUNCTION array_to_sparsevec(double precision[], integer, boolean); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.array_to_sparsevec(double precision[], integer, boolean) TO anon;
GRANT ALL ON FUNCTION public.array_to_sparsevec(double precision[], integer, boolean) TO authenticated;
GRANT ALL ON FUNCTION public.array_to_sparsevec(double precision[], integer, boolean) TO service_role;


--
-- Name: FUNCTION array_to_vector(double precision[], integer, boolean); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.array_to_vector(double precision[], integer, boolean) TO anon;
GRANT ALL ON FUNCTION public.array_to_vector(double precision[], integer, boolean) TO authenticated;
GRANT ALL ON FUNCTION public.array_to_vector(double precision[], integer, boolean) TO service_role;


--
-- Name: FUNCTION array_to_halfvec(integer[], integer, boolean); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.array_to_halfvec(integer[], integer, boolean) TO anon;
GRANT ALL ON FUNCTION public.array_to_halfvec(integer[], integer, boolean) TO authenticated;
GRANT ALL ON FUNCTION public.array_to_halfvec(integer[], integer, boolean) TO service_role;


--
-- Name: FUNCTION array_to_sparsevec(integer[], integer, boolean); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.array_to_sparsevec(integer[], integer, boolean) TO anon;
GRANT ALL ON FUNCTION public.array_to_sparsevec(integer[], integer, boolean) TO authenticated;
GRANT ALL ON FUNCTION public.array_to_sparsevec(integer[], integer, boolean) TO service_role;


--
-- Name: FUNCTION array_to_vector(integer[], integer, boolean); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.array_to_vector(integer[], integer, boolean) TO anon;
GRANT ALL ON FUNCTION public.array_to_vector(integer[], integer, boolean) TO authenticated;
GRANT ALL ON FUNCTION public.array_to_vector(integer[], integer, boolean) TO service_role;


--
-- Name: FUNCTION array_to_halfvec(numeric[], integer, boolean); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.array_to_halfvec(numeric[], integer, boolean) TO anon;
GRANT ALL ON FUNCTION public.array_to_halfvec(numeric[], integer, boolean) TO authenticated;
GRANT ALL ON FUNCTION public.array_to_halfvec(numeric[], integer, boolean) TO service_role;


--
-- Name: FUNCTION array_to_sparsevec(numeric[], integer, boolean); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.array_to_sparsevec(numeric[], integer, boolean) TO anon;
GRANT ALL ON FUNCTION public.array_to_sparsevec(numeric[], integer, boolean) TO authenticated;
GRANT ALL ON FUNCTION public.array_to_sparsevec(numeric[], integer, boolean) TO service_role;


--
-- Name: FUNCTION array_to_vector(numeric[], integer, boolean); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.array_to_vector(numeric[], integer, boolean) TO anon;
GRANT ALL ON FUNCTION public.array_to_vector(numeric[], integer, boolean) TO authenticated;
GRANT ALL ON FUNCTION public.array_to_vector(numeric[], integer, boolean) TO service_role;


--
-- Name: FUNCTION halfvec_to_float4(public.halfvec, integer, boolean); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.halfvec_to_float4(public.halfvec, integer, boolean) TO anon;
GRANT ALL ON FUNCTION public.halfvec_to_float4(public.halfvec, integer, boolean) TO authenticated;
GRANT ALL ON FUNCTION public.halfvec_to_float4(public.halfvec, integer, boolean) TO service_role;


--
-- Name: FUNCTION halfvec(public.halfvec, integer, boolean); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.halfvec(public.halfvec, integer, boolean) TO anon;
GRANT ALL ON FUNCTION public.halfvec(public.halfvec, integer, boolean) TO authenticated;
GRANT ALL ON FUNCTION public.halfvec(public.halfvec, integer, boolean) TO service_role;


--
-- Name: FUNCTION halfvec_to_sparsevec(public.halfvec, integer, boolean); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.halfvec_to_sparsevec(public.halfvec, integer, boolean) TO anon;
GRANT ALL ON FUNCTION public.halfvec_to_sparsevec(public.halfvec, integer, boolean) TO authenticated;
GRANT ALL ON FUNCTION public.halfvec_to_sparsevec(public.halfvec, integer, boolean) TO service_role;


--
-- Name: FUNCTION halfvec_to_vector(public.halfvec, integer, boolean); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.halfvec_to_vector(public.halfvec, integer, boolean) TO anon;
GRANT ALL ON FUNCTION public.halfvec_to_vector(public.halfvec, integer, boolean) TO authenticated;
GRANT ALL ON FUNCTION public.halfvec_to_vector(public.halfvec, integer, boolean) TO service_role;


--
-- Name: FUNCTION sparsevec_to_halfvec(public.sparsevec, integer, boolean); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.sparsevec_to_halfvec(public.sparsevec, integer, boolean) TO anon;
GRANT ALL ON FUNCTION public.sparsevec_to_halfvec(public.sparsevec, integer, boolean) TO authenticated;
GRANT ALL ON FUNCTION public.sparsevec_to_halfvec(public.sparsevec, integer, boolean) TO service_role;


--
-- Name: FUNCTION sparsevec(public.sparsevec, integer, boolean); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.sparsevec(public.sparsevec, integer, boolean) TO anon;
GRANT ALL ON FUNCTION public.sparsevec(public.sparsevec, integer, boolean) TO authenticated;
GRANT ALL ON FUNCTION public.sparsevec(public.sparsevec, integer, boolean) TO service_role;


--
-- Name: FUNCTION sparsevec_to_vector(public.sparsevec, integer, boolean); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.sparsevec_to_vector(public.sparsevec, integer, boolean) TO anon;
GRANT ALL ON FUNCTION public.sparsevec_to_vector(public.sparsevec, integer, boolean) TO authenticated;
GRANT ALL ON FUNCTION public.sparsevec_to_vector(public.sparsevec, integer, boolean) TO service_role;


--
-- Name: FUNCTION vector_to_float4(public.vector, integer, boolean); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_to_float4(public.vector, integer, boolean) TO anon;
GRANT ALL ON FUNCTION public.vector_to_float4(public.vector, integer, boolean) TO authenticated;
GRANT ALL ON FUNCTION public.vector_to_float4(public.vector, integer, boolean) TO service_role;


--
-- Name: FUNCTION vector_to_halfvec(public.vector, integer, boolean); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_to_halfvec(public.vector, integer, boolean) TO anon;
GRANT ALL ON FUNCTION public.vector_to_halfvec(public.vector, integer, boolean) TO authenticated;
GRANT ALL ON FUNCTION public.vector_to_halfvec(public.vector, integer, boolean) TO service_role;


--
-- Name: FUNCTION vector_to_sparsevec(public.vector, integer, boolean); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_to_sparsevec(public.vector, integer, boolean) TO anon;
GRANT ALL ON FUNCTION public.vector_to_sparsevec(public.vector, integer, boolean) TO authenticated;
GRANT ALL ON FUNCTION public.vector_to_sparsevec(public.vector, integer, boolean) TO service_role;


--
-- Name: FUNCTION vector(public.vector, integer, boolean); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector(public.vector, integer, boolean) TO anon;
GRANT ALL ON FUNCTION public.vector(public.vector, integer, boolean) TO authenticated;
GRANT ALL ON FUNCTION public.vector(public.vector, integer, boolean) TO service_role;


--
-- Name: FUNCTION email(); Type: ACL; Schema: auth; Owner: -
--

GRANT ALL ON FUNCTION auth.email() TO anon;
GRANT ALL ON FUNCTION auth.email() TO authenticated;
GRANT ALL ON FUNCTION auth.email() TO service_role;


--
-- Name: FUNCTION jwt(); Type: ACL; Schema: auth; Owner: -
--

GRANT ALL ON FUNCTION auth.jwt() TO anon;
GRANT ALL ON FUNCTION auth.jwt() TO authenticated;
GRANT ALL ON FUNCTION auth.jwt() TO service_role;


--
-- Name: FUNCTION role(); Type: ACL; Schema: auth; Owner: -
--

GRANT ALL ON FUNCTION auth.role() TO anon;
GRANT ALL ON FUNCTION auth.role() TO authenticated;
GRANT ALL ON FUNCTION auth.role() TO service_role;


--
-- Name: FUNCTION uid(); Type: ACL; Schema: auth; Owner: -
--

GRANT ALL ON FUNCTION auth.uid() TO anon;
GRANT ALL ON FUNCTION auth.uid() TO authenticated;
GRANT ALL ON FUNCTION auth.uid() TO service_role;


--
-- Name: FUNCTION analytics_events_immutable(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.analytics_events_immutable() FROM PUBLIC;
GRANT ALL ON FUNCTION public.analytics_events_immutable() TO service_role;


--
-- Name: FUNCTION analytics_log_engagement(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.analytics_log_engagement() FROM PUBLIC;
GRANT ALL ON FUNCTION public.analytics_log_engagement() TO service_role;


--
-- Name: FUNCTION analytics_play_key(p_mashup_id uuid, p_listener text, p_at timestamp with time zone); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.analytics_play_key(p_mashup_id uuid, p_listener text, p_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.analytics_play_key(p_mashup_id uuid, p_listener text, p_at timestamp with time zone) TO service_role;


--
-- Name: FUNCTION analytics_rollup_on_change(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.analytics_rollup_on_change() FROM PUBLIC;
GRANT ALL ON FUNCTION public.analytics_rollup_on_change() TO service_role;


--
-- Name: FUNCTION analytics_rollup_on_truncate(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.analytics_rollup_on_truncate() FROM PUBLIC;
GRANT ALL ON FUNCTION public.analytics_rollup_on_truncate() TO service_role;


--
-- Name: FUNCTION award_xp(p_user_id uuid, p_amount integer, p_reason text, p_reference_id uuid, p_metadata jsonb, p_counter text, p_is_activity boolean, p_mashup_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.award_xp(p_user_id uuid, p_amount integer, p_reason text, p_reference_id uuid, p_metadata jsonb, p_counter text, p_is_activity boolean, p_mashup_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.award_xp(p_user_id uuid, p_amount integer, p_reason text, p_reference_id uuid, p_metadata jsonb, p_counter text, p_is_activity boolean, p_mashup_id uuid) TO service_role;


--
-- Name: TABLE user_gamification; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON TABLE public.user_gamification TO service_role;
GRANT SELECT ON TABLE public.user_gamification TO authenticated;


--
-- Name: FUNCTION badge_progress(p_row public.user_gamification, p_condition_type text); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.badge_progress(p_row public.user_gamification, p_condition_type text) FROM PUBLIC;


--
-- Name: FUNCTION battle_tally(p_battle_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.battle_tally(p_battle_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.battle_tally(p_battle_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.battle_tally(p_battle_id uuid) TO anon;
GRANT ALL ON FUNCTION public.battle_tally(p_battle_id uuid) TO authenticated;


--
-- Name: FUNCTION battle_votes_validate(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.battle_votes_validate() FROM PUBLIC;
GRANT ALL ON FUNCTION public.battle_votes_validate() TO service_role;


--
-- Name: FUNCTION binary_quantize(public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.binary_quantize(public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.binary_quantize(public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.binary_quantize(public.halfvec) TO service_role;


--
-- Name: FUNCTION binary_quantize(public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.binary_quantize(public.vector) TO anon;
GRANT ALL ON FUNCTION public.binary_quantize(public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.binary_quantize(public.vector) TO service_role;


--
-- Name: FUNCTION caller_id(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.caller_id() FROM PUBLIC;
GRANT ALL ON FUNCTION public.caller_id() TO anon;
GRANT ALL ON FUNCTION public.caller_id() TO authenticated;
GRANT ALL ON FUNCTION public.caller_id() TO service_role;


--
-- Name: FUNCTION can_list_mashup(mashup_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.can_list_mashup(mashup_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.can_list_mashup(mashup_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.can_list_mashup(mashup_id uuid) TO anon;
GRANT ALL ON FUNCTION public.can_list_mashup(mashup_id uuid) TO authenticated;


--
-- Name: FUNCTION can_view_mashup(mashup_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.can_view_mashup(mashup_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.can_view_mashup(mashup_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.can_view_mashup(mashup_id uuid) TO anon;
GRANT ALL ON FUNCTION public.can_view_mashup(mashup_id uuid) TO authenticated;


--
-- Name: FUNCTION captions_serialize_track(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.captions_serialize_track() FROM PUBLIC;
GRANT ALL ON FUNCTION public.captions_serialize_track() TO service_role;


--
-- Name: FUNCTION challenge_entries_withdraw_free(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.challenge_entries_withdraw_free() FROM PUBLIC;
GRANT ALL ON FUNCTION public.challenge_entries_withdraw_free() TO service_role;


--
-- Name: FUNCTION check_usage_limit(p_resource text, p_user_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.check_usage_limit(p_resource text, p_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.check_usage_limit(p_resource text, p_user_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.check_usage_limit(p_resource text, p_user_id uuid) TO anon;
GRANT ALL ON FUNCTION public.check_usage_limit(p_resource text, p_user_id uuid) TO authenticated;


--
-- Name: FUNCTION collab_session_close_rooms(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.collab_session_close_rooms() FROM PUBLIC;
GRANT ALL ON FUNCTION public.collab_session_close_rooms() TO service_role;


--
-- Name: FUNCTION collab_session_ids_of_caller(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.collab_session_ids_of_caller() FROM PUBLIC;
GRANT ALL ON FUNCTION public.collab_session_ids_of_caller() TO service_role;
GRANT ALL ON FUNCTION public.collab_session_ids_of_caller() TO authenticated;


--
-- Name: FUNCTION cosine_distance(public.halfvec, public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.cosine_distance(public.halfvec, public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.cosine_distance(public.halfvec, public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.cosine_distance(public.halfvec, public.halfvec) TO service_role;


--
-- Name: FUNCTION cosine_distance(public.sparsevec, public.sparsevec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.cosine_distance(public.sparsevec, public.sparsevec) TO anon;
GRANT ALL ON FUNCTION public.cosine_distance(public.sparsevec, public.sparsevec) TO authenticated;
GRANT ALL ON FUNCTION public.cosine_distance(public.sparsevec, public.sparsevec) TO service_role;


--
-- Name: FUNCTION cosine_distance(public.vector, public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.cosine_distance(public.vector, public.vector) TO anon;
GRANT ALL ON FUNCTION public.cosine_distance(public.vector, public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.cosine_distance(public.vector, public.vector) TO service_role;


--
-- Name: FUNCTION count_deleted_uploads(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.count_deleted_uploads() FROM PUBLIC;
GRANT ALL ON FUNCTION public.count_deleted_uploads() TO service_role;


--
-- Name: FUNCTION create_collab_session(p_title text, p_mashup_id uuid, p_max_participants integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.create_collab_session(p_title text, p_mashup_id uuid, p_max_participants integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.create_collab_session(p_title text, p_mashup_id uuid, p_max_participants integer) TO service_role;
GRANT ALL ON FUNCTION public.create_collab_session(p_title text, p_mashup_id uuid, p_max_participants integer) TO authenticated;


--
-- Name: FUNCTION creator_analytics_timeseries(p_period text, p_range integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.creator_analytics_timeseries(p_period text, p_range integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.creator_analytics_timeseries(p_period text, p_range integer) TO service_role;
GRANT ALL ON FUNCTION public.creator_analytics_timeseries(p_period text, p_range integer) TO authenticated;


--
-- Name: FUNCTION earnings_summary(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.earnings_summary() FROM PUBLIC;
GRANT ALL ON FUNCTION public.earnings_summary() TO service_role;
GRANT ALL ON FUNCTION public.earnings_summary() TO authenticated;


--
-- Name: FUNCTION end_collab_session(p_session_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.end_collab_session(p_session_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.end_collab_session(p_session_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.end_collab_session(p_session_id uuid) TO authenticated;


--
-- Name: FUNCTION enforce_usage_limit(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.enforce_usage_limit() FROM PUBLIC;
GRANT ALL ON FUNCTION public.enforce_usage_limit() TO service_role;


--
-- Name: TABLE mashups; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT,INSERT,REFERENCES,DELETE,TRIGGER,TRUNCATE,MAINTAIN ON TABLE public.mashups TO service_role;
GRANT SELECT ON TABLE public.mashups TO anon;
GRANT SELECT,DELETE ON TABLE public.mashups TO authenticated;


--
-- Name: COLUMN mashups.id; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(id) ON TABLE public.mashups TO service_role;


--
-- Name: COLUMN mashups.creator_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(creator_id) ON TABLE public.mashups TO authenticated;


--
-- Name: COLUMN mashups.title; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(title),UPDATE(title) ON TABLE public.mashups TO authenticated;
GRANT UPDATE(title) ON TABLE public.mashups TO service_role;


--
-- Name: COLUMN mashups.description; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(description),UPDATE(description) ON TABLE public.mashups TO authenticated;
GRANT UPDATE(description) ON TABLE public.mashups TO service_role;


--
-- Name: COLUMN mashups.genre; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(genre),UPDATE(genre) ON TABLE public.mashups TO authenticated;
GRANT UPDATE(genre) ON TABLE public.mashups TO service_role;


--
-- Name: COLUMN mashups.tags; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(tags),UPDATE(tags) ON TABLE public.mashups TO authenticated;
GRANT UPDATE(tags) ON TABLE public.mashups TO service_role;


--
-- Name: COLUMN mashups.audio_url; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(audio_url),UPDATE(audio_url) ON TABLE public.mashups TO authenticated;
GRANT UPDATE(audio_url) ON TABLE public.mashups TO service_role;


--
-- Name: COLUMN mashups.cover_url; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(cover_url),UPDATE(cover_url) ON TABLE public.mashups TO authenticated;
GRANT UPDATE(cover_url) ON TABLE public.mashups TO service_role;


--
-- Name: COLUMN mashups.duration_seconds; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(duration_seconds),UPDATE(duration_seconds) ON TABLE public.mashups TO authenticated;
GRANT UPDATE(duration_seconds) ON TABLE public.mashups TO service_role;


--
-- Name: COLUMN mashups.visibility; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(visibility),UPDATE(visibility) ON TABLE public.mashups TO authenticated;
GRANT UPDATE(visibility) ON TABLE public.mashups TO service_role;


--
-- Name: COLUMN mashups.status; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(status),UPDATE(status) ON TABLE public.mashups TO authenticated;
GRANT UPDATE(status) ON TABLE public.mashups TO service_role;


--
-- Name: COLUMN mashups.like_count; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(like_count) ON TABLE public.mashups TO service_role;


--
-- Name: COLUMN mashups.created_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(created_at) ON TABLE public.mashups TO service_role;


--
-- Name: COLUMN mashups.updated_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(updated_at) ON TABLE public.mashups TO service_role;


--
-- Name: COLUMN mashups.published_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(published_at) ON TABLE public.mashups TO service_role;


--
-- Name: COLUMN mashups.embedding; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(embedding) ON TABLE public.mashups TO service_role;


--
-- Name: FUNCTION get_mashup(p_mashup_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.get_mashup(p_mashup_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.get_mashup(p_mashup_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.get_mashup(p_mashup_id uuid) TO anon;
GRANT ALL ON FUNCTION public.get_mashup(p_mashup_id uuid) TO authenticated;


--
-- Name: TABLE captions; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON TABLE public.captions TO service_role;
GRANT SELECT ON TABLE public.captions TO anon;
GRANT SELECT,DELETE ON TABLE public.captions TO authenticated;


--
-- Name: COLUMN captions.mashup_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(mashup_id) ON TABLE public.captions TO authenticated;


--
-- Name: COLUMN captions.segment_index; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(segment_index),UPDATE(segment_index) ON TABLE public.captions TO authenticated;


--
-- Name: COLUMN captions.start_seconds; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(start_seconds),UPDATE(start_seconds) ON TABLE public.captions TO authenticated;


--
-- Name: COLUMN captions.end_seconds; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(end_seconds),UPDATE(end_seconds) ON TABLE public.captions TO authenticated;


--
-- Name: COLUMN captions.text; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(text),UPDATE(text) ON TABLE public.captions TO authenticated;


--
-- Name: COLUMN captions.language; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(language),UPDATE(language) ON TABLE public.captions TO authenticated;


--
-- Name: FUNCTION get_mashup_captions(p_mashup_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.get_mashup_captions(p_mashup_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.get_mashup_captions(p_mashup_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.get_mashup_captions(p_mashup_id uuid) TO anon;
GRANT ALL ON FUNCTION public.get_mashup_captions(p_mashup_id uuid) TO authenticated;


--
-- Name: TABLE mashup_comments; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON TABLE public.mashup_comments TO service_role;
GRANT SELECT ON TABLE public.mashup_comments TO anon;
GRANT SELECT,DELETE ON TABLE public.mashup_comments TO authenticated;


--
-- Name: COLUMN mashup_comments.mashup_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(mashup_id) ON TABLE public.mashup_comments TO authenticated;


--
-- Name: COLUMN mashup_comments.user_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(user_id) ON TABLE public.mashup_comments TO authenticated;


--
-- Name: COLUMN mashup_comments.body; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(body),UPDATE(body) ON TABLE public.mashup_comments TO authenticated;


--
-- Name: FUNCTION get_mashup_comments(p_mashup_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.get_mashup_comments(p_mashup_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.get_mashup_comments(p_mashup_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.get_mashup_comments(p_mashup_id uuid) TO anon;
GRANT ALL ON FUNCTION public.get_mashup_comments(p_mashup_id uuid) TO authenticated;


--
-- Name: FUNCTION halfvec_accum(double precision[], public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.halfvec_accum(double precision[], public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.halfvec_accum(double precision[], public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.halfvec_accum(double precision[], public.halfvec) TO service_role;


--
-- Name: FUNCTION halfvec_add(public.halfvec, public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.halfvec_add(public.halfvec, public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.halfvec_add(public.halfvec, public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.halfvec_add(public.halfvec, public.halfvec) TO service_role;


--
-- Name: FUNCTION halfvec_avg(double precision[]); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.halfvec_avg(double precision[]) TO anon;
GRANT ALL ON FUNCTION public.halfvec_avg(double precision[]) TO authenticated;
GRANT ALL ON FUNCTION public.halfvec_avg(double precision[]) TO service_role;


--
-- Name: FUNCTION halfvec_cmp(public.halfvec, public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.halfvec_cmp(public.halfvec, public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.halfvec_cmp(public.halfvec, public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.halfvec_cmp(public.halfvec, public.halfvec) TO service_role;


--
-- Name: FUNCTION halfvec_combine(double precision[], double precision[]); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.halfvec_combine(double precision[], double precision[]) TO anon;
GRANT ALL ON FUNCTION public.halfvec_combine(double precision[], double precision[]) TO authenticated;
GRANT ALL ON FUNCTION public.halfvec_combine(double precision[], double precision[]) TO service_role;


--
-- Name: FUNCTION halfvec_concat(public.halfvec, public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.halfvec_concat(public.halfvec, public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.halfvec_concat(public.halfvec, public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.halfvec_concat(public.halfvec, public.halfvec) TO service_role;


--
-- Name: FUNCTION halfvec_eq(public.halfvec, public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.halfvec_eq(public.halfvec, public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.halfvec_eq(public.halfvec, public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.halfvec_eq(public.halfvec, public.halfvec) TO service_role;


--
-- Name: FUNCTION halfvec_ge(public.halfvec, public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.halfvec_ge(public.halfvec, public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.halfvec_ge(public.halfvec, public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.halfvec_ge(public.halfvec, public.halfvec) TO service_role;


--
-- Name: FUNCTION halfvec_gt(public.halfvec, public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.halfvec_gt(public.halfvec, public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.halfvec_gt(public.halfvec, public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.halfvec_gt(public.halfvec, public.halfvec) TO service_role;


--
-- Name: FUNCTION halfvec_l2_squared_distance(public.halfvec, public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.halfvec_l2_squared_distance(public.halfvec, public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.halfvec_l2_squared_distance(public.halfvec, public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.halfvec_l2_squared_distance(public.halfvec, public.halfvec) TO service_role;


--
-- Name: FUNCTION halfvec_le(public.halfvec, public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.halfvec_le(public.halfvec, public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.halfvec_le(public.halfvec, public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.halfvec_le(public.halfvec, public.halfvec) TO service_role;


--
-- Name: FUNCTION halfvec_lt(public.halfvec, public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.halfvec_lt(public.halfvec, public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.halfvec_lt(public.halfvec, public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.halfvec_lt(public.halfvec, public.halfvec) TO service_role;


--
-- Name: FUNCTION halfvec_mul(public.halfvec, public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.halfvec_mul(public.halfvec, public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.halfvec_mul(public.halfvec, public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.halfvec_mul(public.halfvec, public.halfvec) TO service_role;


--
-- Name: FUNCTION halfvec_ne(public.halfvec, public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.halfvec_ne(public.halfvec, public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.halfvec_ne(public.halfvec, public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.halfvec_ne(public.halfvec, public.halfvec) TO service_role;


--
-- Name: FUNCTION halfvec_negative_inner_product(public.halfvec, public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.halfvec_negative_inner_product(public.halfvec, public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.halfvec_negative_inner_product(public.halfvec, public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.halfvec_negative_inner_product(public.halfvec, public.halfvec) TO service_role;


--
-- Name: FUNCTION halfvec_spherical_distance(public.halfvec, public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.halfvec_spherical_distance(public.halfvec, public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.halfvec_spherical_distance(public.halfvec, public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.halfvec_spherical_distance(public.halfvec, public.halfvec) TO service_role;


--
-- Name: FUNCTION halfvec_sub(public.halfvec, public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.halfvec_sub(public.halfvec, public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.halfvec_sub(public.halfvec, public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.halfvec_sub(public.halfvec, public.halfvec) TO service_role;


--
-- Name: FUNCTION hamming_distance(bit, bit); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.hamming_distance(bit, bit) TO anon;
GRANT ALL ON FUNCTION public.hamming_distance(bit, bit) TO authenticated;
GRANT ALL ON FUNCTION public.hamming_distance(bit, bit) TO service_role;


--
-- Name: FUNCTION handle_new_user(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.handle_new_user() FROM PUBLIC;
GRANT ALL ON FUNCTION public.handle_new_user() TO service_role;


--
-- Name: FUNCTION hnsw_bit_support(internal); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.hnsw_bit_support(internal) TO anon;
GRANT ALL ON FUNCTION public.hnsw_bit_support(internal) TO authenticated;
GRANT ALL ON FUNCTION public.hnsw_bit_support(internal) TO service_role;


--
-- Name: FUNCTION hnsw_halfvec_support(internal); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.hnsw_halfvec_support(internal) TO anon;
GRANT ALL ON FUNCTION public.hnsw_halfvec_support(internal) TO authenticated;
GRANT ALL ON FUNCTION public.hnsw_halfvec_support(internal) TO service_role;


--
-- Name: FUNCTION hnsw_sparsevec_support(internal); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.hnsw_sparsevec_support(internal) TO anon;
GRANT ALL ON FUNCTION public.hnsw_sparsevec_support(internal) TO authenticated;
GRANT ALL ON FUNCTION public.hnsw_sparsevec_support(internal) TO service_role;


--
-- Name: FUNCTION hnswhandler(internal); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.hnswhandler(internal) TO anon;
GRANT ALL ON FUNCTION public.hnswhandler(internal) TO authenticated;
GRANT ALL ON FUNCTION public.hnswhandler(internal) TO service_role;


--
-- Name: FUNCTION inner_product(public.halfvec, public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.inner_product(public.halfvec, public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.inner_product(public.halfvec, public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.inner_product(public.halfvec, public.halfvec) TO service_role;


--
-- Name: FUNCTION inner_product(public.sparsevec, public.sparsevec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.inner_product(public.sparsevec, public.sparsevec) TO anon;
GRANT ALL ON FUNCTION public.inner_product(public.sparsevec, public.sparsevec) TO authenticated;
GRANT ALL ON FUNCTION public.inner_product(public.sparsevec, public.sparsevec) TO service_role;


--
-- Name: FUNCTION inner_product(public.vector, public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.inner_product(public.vector, public.vector) TO anon;
GRANT ALL ON FUNCTION public.inner_product(public.vector, public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.inner_product(public.vector, public.vector) TO service_role;


--
-- Name: FUNCTION is_collab_host(session_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.is_collab_host(session_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.is_collab_host(session_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.is_collab_host(session_id uuid) TO authenticated;


--
-- Name: FUNCTION is_collab_member(session_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.is_collab_member(session_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.is_collab_member(session_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.is_collab_member(session_id uuid) TO authenticated;


--
-- Name: FUNCTION is_mashup_creator(mashup_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.is_mashup_creator(mashup_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.is_mashup_creator(mashup_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.is_mashup_creator(mashup_id uuid) TO anon;
GRANT ALL ON FUNCTION public.is_mashup_creator(mashup_id uuid) TO authenticated;


--
-- Name: FUNCTION ivfflat_bit_support(internal); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.ivfflat_bit_support(internal) TO anon;
GRANT ALL ON FUNCTION public.ivfflat_bit_support(internal) TO authenticated;
GRANT ALL ON FUNCTION public.ivfflat_bit_support(internal) TO service_role;


--
-- Name: FUNCTION ivfflat_halfvec_support(internal); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.ivfflat_halfvec_support(internal) TO anon;
GRANT ALL ON FUNCTION public.ivfflat_halfvec_support(internal) TO authenticated;
GRANT ALL ON FUNCTION public.ivfflat_halfvec_support(internal) TO service_role;


--
-- Name: FUNCTION ivfflathandler(internal); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.ivfflathandler(internal) TO anon;
GRANT ALL ON FUNCTION public.ivfflathandler(internal) TO authenticated;
GRANT ALL ON FUNCTION public.ivfflathandler(internal) TO service_role;


--
-- Name: FUNCTION jaccard_distance(bit, bit); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.jaccard_distance(bit, bit) TO anon;
GRANT ALL ON FUNCTION public.jaccard_distance(bit, bit) TO authenticated;
GRANT ALL ON FUNCTION public.jaccard_distance(bit, bit) TO service_role;


--
-- Name: FUNCTION join_collab_session(p_session_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.join_collab_session(p_session_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.join_collab_session(p_session_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.join_collab_session(p_session_id uuid) TO authenticated;


--
-- Name: FUNCTION l1_distance(public.halfvec, public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.l1_distance(public.halfvec, public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.l1_distance(public.halfvec, public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.l1_distance(public.halfvec, public.halfvec) TO service_role;


--
-- Name: FUNCTION l1_distance(public.sparsevec, public.sparsevec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.l1_distance(public.sparsevec, public.sparsevec) TO anon;
GRANT ALL ON FUNCTION public.l1_distance(public.sparsevec, public.sparsevec) TO authenticated;
GRANT ALL ON FUNCTION public.l1_distance(public.sparsevec, public.sparsevec) TO service_role;


--
-- Name: FUNCTION l1_distance(public.vector, public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.l1_distance(public.vector, public.vector) TO anon;
GRANT ALL ON FUNCTION public.l1_distance(public.vector, public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.l1_distance(public.vector, public.vector) TO service_role;


--
-- Name: FUNCTION l2_distance(public.halfvec, public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.l2_distance(public.halfvec, public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.l2_distance(public.halfvec, public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.l2_distance(public.halfvec, public.halfvec) TO service_role;


--
-- Name: FUNCTION l2_distance(public.sparsevec, public.sparsevec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.l2_distance(public.sparsevec, public.sparsevec) TO anon;
GRANT ALL ON FUNCTION public.l2_distance(public.sparsevec, public.sparsevec) TO authenticated;
GRANT ALL ON FUNCTION public.l2_distance(public.sparsevec, public.sparsevec) TO service_role;


--
-- Name: FUNCTION l2_distance(public.vector, public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.l2_distance(public.vector, public.vector) TO anon;
GRANT ALL ON FUNCTION public.l2_distance(public.vector, public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.l2_distance(public.vector, public.vector) TO service_role;


--
-- Name: FUNCTION l2_norm(public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.l2_norm(public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.l2_norm(public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.l2_norm(public.halfvec) TO service_role;


--
-- Name: FUNCTION l2_norm(public.sparsevec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.l2_norm(public.sparsevec) TO anon;
GRANT ALL ON FUNCTION public.l2_norm(public.sparsevec) TO authenticated;
GRANT ALL ON FUNCTION public.l2_norm(public.sparsevec) TO service_role;


--
-- Name: FUNCTION l2_normalize(public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.l2_normalize(public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.l2_normalize(public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.l2_normalize(public.halfvec) TO service_role;


--
-- Name: FUNCTION l2_normalize(public.sparsevec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.l2_normalize(public.sparsevec) TO anon;
GRANT ALL ON FUNCTION public.l2_normalize(public.sparsevec) TO authenticated;
GRANT ALL ON FUNCTION public.l2_normalize(public.sparsevec) TO service_role;


--
-- Name: FUNCTION l2_normalize(public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.l2_normalize(public.vector) TO anon;
GRANT ALL ON FUNCTION public.l2_normalize(public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.l2_normalize(public.vector) TO service_role;


--
-- Name: FUNCTION leave_collab_session(p_session_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.leave_collab_session(p_session_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.leave_collab_session(p_session_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.leave_collab_session(p_session_id uuid) TO authenticated;


--
-- Name: FUNCTION log_analytics_event(p_mashup_id uuid, p_event_type text, p_metadata jsonb); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.log_analytics_event(p_mashup_id uuid, p_event_type text, p_metadata jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.log_analytics_event(p_mashup_id uuid, p_event_type text, p_metadata jsonb) TO service_role;
GRANT ALL ON FUNCTION public.log_analytics_event(p_mashup_id uuid, p_event_type text, p_metadata jsonb) TO anon;
GRANT ALL ON FUNCTION public.log_analytics_event(p_mashup_id uuid, p_event_type text, p_metadata jsonb) TO authenticated;


--
-- Name: FUNCTION mashup_child_recheck_listed(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.mashup_child_recheck_listed() FROM PUBLIC;
GRANT ALL ON FUNCTION public.mashup_child_recheck_listed() TO service_role;


--
-- Name: FUNCTION mashup_child_set_listed(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.mashup_child_set_listed() FROM PUBLIC;
GRANT ALL ON FUNCTION public.mashup_child_set_listed() TO service_role;


--
-- Name: FUNCTION mashup_likes_count(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.mashup_likes_count() FROM PUBLIC;
GRANT ALL ON FUNCTION public.mashup_likes_count() TO service_role;


--
-- Name: FUNCTION mashups_stamp_published_at(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.mashups_stamp_published_at() FROM PUBLIC;
GRANT ALL ON FUNCTION public.mashups_stamp_published_at() TO service_role;


--
-- Name: FUNCTION mashups_sync_listed(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.mashups_sync_listed() FROM PUBLIC;
GRANT ALL ON FUNCTION public.mashups_sync_listed() TO service_role;


--
-- Name: FUNCTION match_mashups(p_query public.vector, p_k integer, p_filters jsonb); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.match_mashups(p_query public.vector, p_k integer, p_filters jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.match_mashups(p_query public.vector, p_k integer, p_filters jsonb) TO service_role;
GRANT ALL ON FUNCTION public.match_mashups(p_query public.vector, p_k integer, p_filters jsonb) TO anon;
GRANT ALL ON FUNCTION public.match_mashups(p_query public.vector, p_k integer, p_filters jsonb) TO authenticated;


--
-- Name: FUNCTION recommend_mashups(p_k integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.recommend_mashups(p_k integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.recommend_mashups(p_k integer) TO service_role;
GRANT ALL ON FUNCTION public.recommend_mashups(p_k integer) TO authenticated;


--
-- Name: FUNCTION record_revenue(p_split_id uuid, p_amount numeric); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.record_revenue(p_split_id uuid, p_amount numeric) FROM PUBLIC;
GRANT ALL ON FUNCTION public.record_revenue(p_split_id uuid, p_amount numeric) TO service_role;


--
-- Name: FUNCTION revenue_split_ids_created(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.revenue_split_ids_created() FROM PUBLIC;
GRANT ALL ON FUNCTION public.revenue_split_ids_created() TO service_role;
GRANT ALL ON FUNCTION public.revenue_split_ids_created() TO authenticated;


--
-- Name: FUNCTION revenue_split_ids_received(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.revenue_split_ids_received() FROM PUBLIC;
GRANT ALL ON FUNCTION public.revenue_split_ids_received() TO service_role;
GRANT ALL ON FUNCTION public.revenue_split_ids_received() TO authenticated;


--
-- Name: FUNCTION revenue_split_is_editable(p_split_id uuid); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.revenue_split_is_editable(p_split_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.revenue_split_is_editable(p_split_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.revenue_split_is_editable(p_split_id uuid) TO authenticated;


--
-- Name: FUNCTION revenue_split_recipients_check_total(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.revenue_split_recipients_check_total() FROM PUBLIC;
GRANT ALL ON FUNCTION public.revenue_split_recipients_check_total() TO service_role;


--
-- Name: FUNCTION revenue_split_recipients_guard(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.revenue_split_recipients_guard() FROM PUBLIC;
GRANT ALL ON FUNCTION public.revenue_split_recipients_guard() TO service_role;


--
-- Name: FUNCTION revenue_splits_guard(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.revenue_splits_guard() FROM PUBLIC;
GRANT ALL ON FUNCTION public.revenue_splits_guard() TO service_role;


--
-- Name: FUNCTION save_captions(p_mashup_id uuid, p_segments jsonb); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.save_captions(p_mashup_id uuid, p_segments jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.save_captions(p_mashup_id uuid, p_segments jsonb) TO service_role;
GRANT ALL ON FUNCTION public.save_captions(p_mashup_id uuid, p_segments jsonb) TO authenticated;


--
-- Name: FUNCTION search_probes(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.search_probes() FROM PUBLIC;
GRANT ALL ON FUNCTION public.search_probes() TO anon;
GRANT ALL ON FUNCTION public.search_probes() TO authenticated;
GRANT ALL ON FUNCTION public.search_probes() TO service_role;


--
-- Name: FUNCTION set_updated_at(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.set_updated_at() FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_updated_at() TO service_role;


--
-- Name: FUNCTION similar_mashups(p_mashup_id uuid, p_k integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.similar_mashups(p_mashup_id uuid, p_k integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.similar_mashups(p_mashup_id uuid, p_k integer) TO service_role;
GRANT ALL ON FUNCTION public.similar_mashups(p_mashup_id uuid, p_k integer) TO anon;
GRANT ALL ON FUNCTION public.similar_mashups(p_mashup_id uuid, p_k integer) TO authenticated;


--
-- Name: FUNCTION sparsevec_cmp(public.sparsevec, public.sparsevec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.sparsevec_cmp(public.sparsevec, public.sparsevec) TO anon;
GRANT ALL ON FUNCTION public.sparsevec_cmp(public.sparsevec, public.sparsevec) TO authenticated;
GRANT ALL ON FUNCTION public.sparsevec_cmp(public.sparsevec, public.sparsevec) TO service_role;


--
-- Name: FUNCTION sparsevec_eq(public.sparsevec, public.sparsevec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.sparsevec_eq(public.sparsevec, public.sparsevec) TO anon;
GRANT ALL ON FUNCTION public.sparsevec_eq(public.sparsevec, public.sparsevec) TO authenticated;
GRANT ALL ON FUNCTION public.sparsevec_eq(public.sparsevec, public.sparsevec) TO service_role;


--
-- Name: FUNCTION sparsevec_ge(public.sparsevec, public.sparsevec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.sparsevec_ge(public.sparsevec, public.sparsevec) TO anon;
GRANT ALL ON FUNCTION public.sparsevec_ge(public.sparsevec, public.sparsevec) TO authenticated;
GRANT ALL ON FUNCTION public.sparsevec_ge(public.sparsevec, public.sparsevec) TO service_role;


--
-- Name: FUNCTION sparsevec_gt(public.sparsevec, public.sparsevec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.sparsevec_gt(public.sparsevec, public.sparsevec) TO anon;
GRANT ALL ON FUNCTION public.sparsevec_gt(public.sparsevec, public.sparsevec) TO authenticated;
GRANT ALL ON FUNCTION public.sparsevec_gt(public.sparsevec, public.sparsevec) TO service_role;


--
-- Name: FUNCTION sparsevec_l2_squared_distance(public.sparsevec, public.sparsevec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.sparsevec_l2_squared_distance(public.sparsevec, public.sparsevec) TO anon;
GRANT ALL ON FUNCTION public.sparsevec_l2_squared_distance(public.sparsevec, public.sparsevec) TO authenticated;
GRANT ALL ON FUNCTION public.sparsevec_l2_squared_distance(public.sparsevec, public.sparsevec) TO service_role;


--
-- Name: FUNCTION sparsevec_le(public.sparsevec, public.sparsevec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.sparsevec_le(public.sparsevec, public.sparsevec) TO anon;
GRANT ALL ON FUNCTION public.sparsevec_le(public.sparsevec, public.sparsevec) TO authenticated;
GRANT ALL ON FUNCTION public.sparsevec_le(public.sparsevec, public.sparsevec) TO service_role;


--
-- Name: FUNCTION sparsevec_lt(public.sparsevec, public.sparsevec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.sparsevec_lt(public.sparsevec, public.sparsevec) TO anon;
GRANT ALL ON FUNCTION public.sparsevec_lt(public.sparsevec, public.sparsevec) TO authenticated;
GRANT ALL ON FUNCTION public.sparsevec_lt(public.sparsevec, public.sparsevec) TO service_role;


--
-- Name: FUNCTION sparsevec_ne(public.sparsevec, public.sparsevec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.sparsevec_ne(public.sparsevec, public.sparsevec) TO anon;
GRANT ALL ON FUNCTION public.sparsevec_ne(public.sparsevec, public.sparsevec) TO authenticated;
GRANT ALL ON FUNCTION public.sparsevec_ne(public.sparsevec, public.sparsevec) TO service_role;


--
-- Name: FUNCTION sparsevec_negative_inner_product(public.sparsevec, public.sparsevec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.sparsevec_negative_inner_product(public.sparsevec, public.sparsevec) TO anon;
GRANT ALL ON FUNCTION public.sparsevec_negative_inner_product(public.sparsevec, public.sparsevec) TO authenticated;
GRANT ALL ON FUNCTION public.sparsevec_negative_inner_product(public.sparsevec, public.sparsevec) TO service_role;


--
-- Name: FUNCTION subvector(public.halfvec, integer, integer); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.subvector(public.halfvec, integer, integer) TO anon;
GRANT ALL ON FUNCTION public.subvector(public.halfvec, integer, integer) TO authenticated;
GRANT ALL ON FUNCTION public.subvector(public.halfvec, integer, integer) TO service_role;


--
-- Name: FUNCTION subvector(public.vector, integer, integer); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.subvector(public.vector, integer, integer) TO anon;
GRANT ALL ON FUNCTION public.subvector(public.vector, integer, integer) TO authenticated;
GRANT ALL ON FUNCTION public.subvector(public.vector, integer, integer) TO service_role;


--
-- Name: FUNCTION total_plays(p_row public.user_gamification); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.total_plays(p_row public.user_gamification) FROM PUBLIC;
GRANT ALL ON FUNCTION public.total_plays(p_row public.user_gamification) TO service_role;
GRANT ALL ON FUNCTION public.total_plays(p_row public.user_gamification) TO authenticated;


--
-- Name: FUNCTION trg_award_like_xp(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.trg_award_like_xp() FROM PUBLIC;
GRANT ALL ON FUNCTION public.trg_award_like_xp() TO service_role;


--
-- Name: FUNCTION trg_award_publish_xp(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.trg_award_publish_xp() FROM PUBLIC;
GRANT ALL ON FUNCTION public.trg_award_publish_xp() TO service_role;


--
-- Name: FUNCTION trg_award_vote_xp(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.trg_award_vote_xp() FROM PUBLIC;
GRANT ALL ON FUNCTION public.trg_award_vote_xp() TO service_role;


--
-- Name: FUNCTION trg_reset_xp_on_truncate(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.trg_reset_xp_on_truncate() FROM PUBLIC;
GRANT ALL ON FUNCTION public.trg_reset_xp_on_truncate() TO service_role;


--
-- Name: FUNCTION trg_withdraw_like_xp(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.trg_withdraw_like_xp() FROM PUBLIC;
GRANT ALL ON FUNCTION public.trg_withdraw_like_xp() TO service_role;


--
-- Name: FUNCTION trg_withdraw_publish_xp(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.trg_withdraw_publish_xp() FROM PUBLIC;
GRANT ALL ON FUNCTION public.trg_withdraw_publish_xp() TO service_role;


--
-- Name: FUNCTION trg_withdraw_xp(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.trg_withdraw_xp() FROM PUBLIC;
GRANT ALL ON FUNCTION public.trg_withdraw_xp() TO service_role;


--
-- Name: FUNCTION upsert_trending_sounds(p_items jsonb); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.upsert_trending_sounds(p_items jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.upsert_trending_sounds(p_items jsonb) TO service_role;


--
-- Name: FUNCTION vector_accum(double precision[], public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_accum(double precision[], public.vector) TO anon;
GRANT ALL ON FUNCTION public.vector_accum(double precision[], public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.vector_accum(double precision[], public.vector) TO service_role;


--
-- Name: FUNCTION vector_add(public.vector, public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_add(public.vector, public.vector) TO anon;
GRANT ALL ON FUNCTION public.vector_add(public.vector, public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.vector_add(public.vector, public.vector) TO service_role;


--
-- Name: FUNCTION vector_avg(double precision[]); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_avg(double precision[]) TO anon;
GRANT ALL ON FUNCTION public.vector_avg(double precision[]) TO authenticated;
GRANT ALL ON FUNCTION public.vector_avg(double precision[]) TO service_role;


--
-- Name: FUNCTION vector_cmp(public.vector, public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_cmp(public.vector, public.vector) TO anon;
GRANT ALL ON FUNCTION public.vector_cmp(public.vector, public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.vector_cmp(public.vector, public.vector) TO service_role;


--
-- Name: FUNCTION vector_combine(double precision[], double precision[]); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_combine(double precision[], double precision[]) TO anon;
GRANT ALL ON FUNCTION public.vector_combine(double precision[], double precision[]) TO authenticated;
GRANT ALL ON FUNCTION public.vector_combine(double precision[], double precision[]) TO service_role;


--
-- Name: FUNCTION vector_concat(public.vector, public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_concat(public.vector, public.vector) TO anon;
GRANT ALL ON FUNCTION public.vector_concat(public.vector, public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.vector_concat(public.vector, public.vector) TO service_role;


--
-- Name: FUNCTION vector_dims(public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_dims(public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.vector_dims(public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.vector_dims(public.halfvec) TO service_role;


--
-- Name: FUNCTION vector_dims(public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_dims(public.vector) TO anon;
GRANT ALL ON FUNCTION public.vector_dims(public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.vector_dims(public.vector) TO service_role;


--
-- Name: FUNCTION vector_eq(public.vector, public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_eq(public.vector, public.vector) TO anon;
GRANT ALL ON FUNCTION public.vector_eq(public.vector, public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.vector_eq(public.vector, public.vector) TO service_role;


--
-- Name: FUNCTION vector_ge(public.vector, public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_ge(public.vector, public.vector) TO anon;
GRANT ALL ON FUNCTION public.vector_ge(public.vector, public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.vector_ge(public.vector, public.vector) TO service_role;


--
-- Name: FUNCTION vector_gt(public.vector, public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_gt(public.vector, public.vector) TO anon;
GRANT ALL ON FUNCTION public.vector_gt(public.vector, public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.vector_gt(public.vector, public.vector) TO service_role;


--
-- Name: FUNCTION vector_l2_squared_distance(public.vector, public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_l2_squared_distance(public.vector, public.vector) TO anon;
GRANT ALL ON FUNCTION public.vector_l2_squared_distance(public.vector, public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.vector_l2_squared_distance(public.vector, public.vector) TO service_role;


--
-- Name: FUNCTION vector_le(public.vector, public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_le(public.vector, public.vector) TO anon;
GRANT ALL ON FUNCTION public.vector_le(public.vector, public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.vector_le(public.vector, public.vector) TO service_role;


--
-- Name: FUNCTION vector_lt(public.vector, public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_lt(public.vector, public.vector) TO anon;
GRANT ALL ON FUNCTION public.vector_lt(public.vector, public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.vector_lt(public.vector, public.vector) TO service_role;


--
-- Name: FUNCTION vector_mul(public.vector, public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_mul(public.vector, public.vector) TO anon;
GRANT ALL ON FUNCTION public.vector_mul(public.vector, public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.vector_mul(public.vector, public.vector) TO service_role;


--
-- Name: FUNCTION vector_ne(public.vector, public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_ne(public.vector, public.vector) TO anon;
GRANT ALL ON FUNCTION public.vector_ne(public.vector, public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.vector_ne(public.vector, public.vector) TO service_role;


--
-- Name: FUNCTION vector_negative_inner_product(public.vector, public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_negative_inner_product(public.vector, public.vector) TO anon;
GRANT ALL ON FUNCTION public.vector_negative_inner_product(public.vector, public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.vector_negative_inner_product(public.vector, public.vector) TO service_role;


--
-- Name: FUNCTION vector_norm(public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_norm(public.vector) TO anon;
GRANT ALL ON FUNCTION public.vector_norm(public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.vector_norm(public.vector) TO service_role;


--
-- Name: FUNCTION vector_spherical_distance(public.vector, public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_spherical_distance(public.vector, public.vector) TO anon;
GRANT ALL ON FUNCTION public.vector_spherical_distance(public.vector, public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.vector_spherical_distance(public.vector, public.vector) TO service_role;


--
-- Name: FUNCTION vector_sub(public.vector, public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.vector_sub(public.vector, public.vector) TO anon;
GRANT ALL ON FUNCTION public.vector_sub(public.vector, public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.vector_sub(public.vector, public.vector) TO service_role;


--
-- Name: FUNCTION voice_rooms_require_active_session(); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.voice_rooms_require_active_session() FROM PUBLIC;
GRANT ALL ON FUNCTION public.voice_rooms_require_active_session() TO service_role;


--
-- Name: FUNCTION xp_level(p_total_xp integer); Type: ACL; Schema: public; Owner: -
--

REVOKE ALL ON FUNCTION public.xp_level(p_total_xp integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.xp_level(p_total_xp integer) TO service_role;
GRANT ALL ON FUNCTION public.xp_level(p_total_xp integer) TO anon;
GRANT ALL ON FUNCTION public.xp_level(p_total_xp integer) TO authenticated;


--
-- Name: FUNCTION avg(public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.avg(public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.avg(public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.avg(public.halfvec) TO service_role;


--
-- Name: FUNCTION avg(public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.avg(public.vector) TO anon;
GRANT ALL ON FUNCTION public.avg(public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.avg(public.vector) TO service_role;


--
-- Name: FUNCTION sum(public.halfvec); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.sum(public.halfvec) TO anon;
GRANT ALL ON FUNCTION public.sum(public.halfvec) TO authenticated;
GRANT ALL ON FUNCTION public.sum(public.halfvec) TO service_role;


--
-- Name: FUNCTION sum(public.vector); Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON FUNCTION public.sum(public.vector) TO anon;
GRANT ALL ON FUNCTION public.sum(public.vector) TO authenticated;
GRANT ALL ON FUNCTION public.sum(public.vector) TO service_role;


--
-- Name: TABLE ai_jobs; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON TABLE public.ai_jobs TO service_role;
GRANT SELECT ON TABLE public.ai_jobs TO authenticated;


--
-- Name: COLUMN ai_jobs.user_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(user_id) ON TABLE public.ai_jobs TO authenticated;


--
-- Name: COLUMN ai_jobs.job_type; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(job_type) ON TABLE public.ai_jobs TO authenticated;


--
-- Name: COLUMN ai_jobs.input; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(input) ON TABLE public.ai_jobs TO authenticated;


--
-- Name: TABLE analytics_daily_rollup; Type: ACL; Schema: public; Owner: -
--

GRANT SELECT ON TABLE public.analytics_daily_rollup TO authenticated;
GRANT SELECT,TRUNCATE ON TABLE public.analytics_daily_rollup TO service_role;


--
-- Name: TABLE analytics_events; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON TABLE public.analytics_events TO service_role;
GRANT SELECT ON TABLE public.analytics_events TO authenticated;


--
-- Name: SEQUENCE analytics_events_id_seq; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON SEQUENCE public.analytics_events_id_seq TO service_role;


--
-- Name: TABLE badges; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON TABLE public.badges TO service_role;
GRANT SELECT ON TABLE public.badges TO anon;
GRANT SELECT ON TABLE public.badges TO authenticated;


--
-- Name: TABLE battle_votes; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON TABLE public.battle_votes TO service_role;
GRANT SELECT ON TABLE public.battle_votes TO anon;
GRANT SELECT ON TABLE public.battle_votes TO authenticated;


--
-- Name: COLUMN battle_votes.battle_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(battle_id) ON TABLE public.battle_votes TO authenticated;


--
-- Name: COLUMN battle_votes.entry_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(entry_id) ON TABLE public.battle_votes TO authenticated;


--
-- Name: COLUMN battle_votes.user_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(user_id) ON TABLE public.battle_votes TO authenticated;


--
-- Name: TABLE battles; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON TABLE public.battles TO service_role;
GRANT SELECT ON TABLE public.battles TO anon;
GRANT SELECT ON TABLE public.battles TO authenticated;


--
-- Name: TABLE challenge_entries; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON TABLE public.challenge_entries TO service_role;
GRANT SELECT ON TABLE public.challenge_entries TO anon;
GRANT SELECT,DELETE ON TABLE public.challenge_entries TO authenticated;


--
-- Name: COLUMN challenge_entries.challenge_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(challenge_id) ON TABLE public.challenge_entries TO authenticated;


--
-- Name: COLUMN challenge_entries.mashup_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(mashup_id) ON TABLE public.challenge_entries TO authenticated;


--
-- Name: COLUMN challenge_entries.user_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(user_id) ON TABLE public.challenge_entries TO authenticated;


--
-- Name: TABLE challenges; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON TABLE public.challenges TO service_role;
GRANT SELECT ON TABLE public.challenges TO anon;
GRANT SELECT ON TABLE public.challenges TO authenticated;


--
-- Name: TABLE collaboration_participants; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON TABLE public.collaboration_participants TO service_role;
GRANT SELECT ON TABLE public.collaboration_participants TO authenticated;


--
-- Name: TABLE collaboration_sessions; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON TABLE public.collaboration_sessions TO service_role;
GRANT SELECT ON TABLE public.collaboration_sessions TO authenticated;


--
-- Name: COLUMN collaboration_sessions.host_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(host_id) ON TABLE public.collaboration_sessions TO authenticated;


--
-- Name: COLUMN collaboration_sessions.mashup_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(mashup_id) ON TABLE public.collaboration_sessions TO authenticated;


--
-- Name: COLUMN collaboration_sessions.title; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(title),UPDATE(title) ON TABLE public.collaboration_sessions TO authenticated;


--
-- Name: COLUMN collaboration_sessions.status; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(status) ON TABLE public.collaboration_sessions TO authenticated;


--
-- Name: COLUMN collaboration_sessions.max_participants; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(max_participants),UPDATE(max_participants) ON TABLE public.collaboration_sessions TO authenticated;


--
-- Name: COLUMN collaboration_sessions.ended_at; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(ended_at) ON TABLE public.collaboration_sessions TO authenticated;


--
-- Name: TABLE fan_subscriptions; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON TABLE public.fan_subscriptions TO service_role;
GRANT SELECT ON TABLE public.fan_subscriptions TO authenticated;


--
-- Name: TABLE follows; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON TABLE public.follows TO service_role;
GRANT SELECT ON TABLE public.follows TO anon;
GRANT SELECT,DELETE ON TABLE public.follows TO authenticated;


--
-- Name: COLUMN follows.follower_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(follower_id) ON TABLE public.follows TO authenticated;


--
-- Name: COLUMN follows.following_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(following_id) ON TABLE public.follows TO authenticated;


--
-- Name: TABLE mashup_likes; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON TABLE public.mashup_likes TO service_role;
GRANT SELECT ON TABLE public.mashup_likes TO anon;
GRANT SELECT,DELETE ON TABLE public.mashup_likes TO authenticated;


--
-- Name: COLUMN mashup_likes.user_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(user_id) ON TABLE public.mashup_likes TO authenticated;


--
-- Name: COLUMN mashup_likes.mashup_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(mashup_id) ON TABLE public.mashup_likes TO authenticated;


--
-- Name: TABLE profiles; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON TABLE public.profiles TO service_role;
GRANT SELECT ON TABLE public.profiles TO anon;
GRANT SELECT ON TABLE public.profiles TO authenticated;


--
-- Name: COLUMN profiles.username; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(username) ON TABLE public.profiles TO authenticated;


--
-- Name: COLUMN profiles.display_name; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(display_name) ON TABLE public.profiles TO authenticated;


--
-- Name: COLUMN profiles.avatar_url; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(avatar_url) ON TABLE public.profiles TO authenticated;


--
-- Name: COLUMN profiles.bio; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(bio) ON TABLE public.profiles TO authenticated;


--
-- Name: TABLE recommendation_events; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON TABLE public.recommendation_events TO service_role;
GRANT SELECT ON TABLE public.recommendation_events TO authenticated;


--
-- Name: COLUMN recommendation_events.user_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(user_id) ON TABLE public.recommendation_events TO authenticated;


--
-- Name: COLUMN recommendation_events.mashup_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(mashup_id) ON TABLE public.recommendation_events TO authenticated;


--
-- Name: COLUMN recommendation_events.event_type; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(event_type) ON TABLE public.recommendation_events TO authenticated;


--
-- Name: COLUMN recommendation_events.recommendation_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(recommendation_id) ON TABLE public.recommendation_events TO authenticated;


--
-- Name: COLUMN recommendation_events.metadata; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(metadata) ON TABLE public.recommendation_events TO authenticated;


--
-- Name: TABLE revenue_split_recipients; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON TABLE public.revenue_split_recipients TO service_role;
GRANT SELECT,DELETE ON TABLE public.revenue_split_recipients TO authenticated;


--
-- Name: COLUMN revenue_split_recipients.split_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(split_id) ON TABLE public.revenue_split_recipients TO authenticated;


--
-- Name: COLUMN revenue_split_recipients.user_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(user_id),UPDATE(user_id) ON TABLE public.revenue_split_recipients TO authenticated;


--
-- Name: COLUMN revenue_split_recipients.display_name; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(display_name),UPDATE(display_name) ON TABLE public.revenue_split_recipients TO authenticated;


--
-- Name: COLUMN revenue_split_recipients.wallet_address; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(wallet_address),UPDATE(wallet_address) ON TABLE public.revenue_split_recipients TO authenticated;


--
-- Name: COLUMN revenue_split_recipients.percentage; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(percentage),UPDATE(percentage) ON TABLE public.revenue_split_recipients TO authenticated;


--
-- Name: COLUMN revenue_split_recipients.role; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(role),UPDATE(role) ON TABLE public.revenue_split_recipients TO authenticated;


--
-- Name: TABLE revenue_splits; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON TABLE public.revenue_splits TO service_role;
GRANT SELECT,DELETE ON TABLE public.revenue_splits TO authenticated;


--
-- Name: COLUMN revenue_splits.mashup_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(mashup_id) ON TABLE public.revenue_splits TO authenticated;


--
-- Name: COLUMN revenue_splits.creator_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(creator_id) ON TABLE public.revenue_splits TO authenticated;


--
-- Name: COLUMN revenue_splits.status; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(status) ON TABLE public.revenue_splits TO authenticated;


--
-- Name: COLUMN revenue_splits.payout_frequency; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(payout_frequency),UPDATE(payout_frequency) ON TABLE public.revenue_splits TO authenticated;


--
-- Name: COLUMN revenue_splits.minimum_payout; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(minimum_payout),UPDATE(minimum_payout) ON TABLE public.revenue_splits TO authenticated;


--
-- Name: COLUMN revenue_splits.chain_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(chain_id),UPDATE(chain_id) ON TABLE public.revenue_splits TO authenticated;


--
-- Name: COLUMN revenue_splits.contract_address; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(contract_address),UPDATE(contract_address) ON TABLE public.revenue_splits TO authenticated;


--
-- Name: TABLE subscriptions; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON TABLE public.subscriptions TO service_role;
GRANT SELECT ON TABLE public.subscriptions TO authenticated;


--
-- Name: TABLE tier_limits; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON TABLE public.tier_limits TO service_role;
GRANT SELECT ON TABLE public.tier_limits TO anon;
GRANT SELECT ON TABLE public.tier_limits TO authenticated;


--
-- Name: TABLE trending_sounds; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON TABLE public.trending_sounds TO service_role;
GRANT SELECT ON TABLE public.trending_sounds TO anon;
GRANT SELECT ON TABLE public.trending_sounds TO authenticated;


--
-- Name: TABLE user_badges; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON TABLE public.user_badges TO service_role;
GRANT SELECT ON TABLE public.user_badges TO authenticated;


--
-- Name: TABLE voice_rooms; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON TABLE public.voice_rooms TO service_role;
GRANT SELECT,DELETE ON TABLE public.voice_rooms TO authenticated;


--
-- Name: COLUMN voice_rooms.host_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(host_id) ON TABLE public.voice_rooms TO authenticated;


--
-- Name: COLUMN voice_rooms.session_id; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(session_id) ON TABLE public.voice_rooms TO authenticated;


--
-- Name: COLUMN voice_rooms.name; Type: ACL; Schema: public; Owner: -
--

GRANT INSERT(name),UPDATE(name) ON TABLE public.voice_rooms TO authenticated;


--
-- Name: COLUMN voice_rooms.status; Type: ACL; Schema: public; Owner: -
--

GRANT UPDATE(status) ON TABLE public.voice_rooms TO authenticated;


--
-- Name: TABLE xp_transactions; Type: ACL; Schema: public; Owner: -
--

GRANT ALL ON TABLE public.xp_transactions TO service_role;
GRANT SELECT ON TABLE public.xp_transactions TO authenticated;


--
-- Name: DEFAULT PRIVILEGES FOR SEQUENCES; Type: DEFAULT ACL; Schema: public; Owner: -
--

ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON SEQUENCES TO service_role;


--
-- Name: DEFAULT PRIVILEGES FOR FUNCTIONS; Type: DEFAULT ACL; Schema: public; Owner: -
--

ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON FUNCTIONS TO anon;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON FUNCTIONS TO authenticated;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON FUNCTIONS TO service_role;


--
-- Name: DEFAULT PRIVILEGES FOR TABLES; Type: DEFAULT ACL; Schema: public; Owner: -
--

ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON TABLES TO anon;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON TABLES TO authenticated;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON TABLES TO service_role;


--
-- PostgreSQL database dump complete
--


