-- Gamification: the only writer of XP, levels, weekly streaks and badges (plan step 2).
--
-- What:
--   public.xp_level(total_xp) — the level curve: level L is reached at
--     100 * (L - 1)^2 XP (L1 = 0, L2 = 100, L3 = 400, L4 = 900, L5 = 1600 ...),
--     i.e. level = floor(sqrt(total_xp / 100)) + 1.
--   public.award_xp(user_id, amount, reason, reference_id, metadata, counter,
--     is_activity) — credits XP once per (user_id, reason, reference_id) (a
--     repeat returns 0 and changes nothing), updates total_xp, current_level,
--     the optional counter (total_mashups | total_likes_received), the weekly
--     streak (only when is_activity), and grants every badge whose condition
--     is now met, crediting its xp_reward (reason 'badge:<id>'), repeating
--     until no further badge is unlocked. Returns the XP credited (amount +
--     badge rewards). Errors: 22023 bad input, P0002 unknown user, 42501 when
--     a client role reaches it outside a trigger.
--   Weekly streak: weeks are ISO weeks (Monday) in UTC; activity in the same
--     week keeps the streak, in the week right after the last active week adds
--     one, after a gap restarts at 1; longest_streak keeps the maximum.
--   Triggers (the database's own XP sources):
--     mashups_award_publish_xp — creator +50 XP when a mashup first becomes
--       published (reason mashup_published, reference the mashup);
--     mashup_likes_award_like_xp — creator +5 XP per distinct (mashup, liker),
--       not for self-likes, not a streak activity (reason like_received,
--       reference md5(mashup:liker) as uuid, so unlike/re-like earns nothing);
--     battle_votes_award_vote_xp — voter +5 XP per battle (reason battle_vote).
-- Who: award_xp is executable by service_role only (and runs for the triggers,
--   which are SECURITY DEFINER functions owned by the schema owner); xp_level
--   by everyone (it is arithmetic). Clients have no write grant on any
--   gamification table (0014), so the seed's self-granted XP is impossible.
-- Why: SECURITY DEFINER with search_path pinned to ''; the user's
--   user_gamification row is locked (for update) so concurrent awards
--   serialise; idempotency rests on the unique
--   (user_id, reason, reference_id) nulls-not-distinct key of xp_transactions.
--
-- requires: 0014_gamification

create or replace function public.xp_level(p_total_xp integer)
returns integer
language sql
immutable
strict
set search_path = ''
as $$
  select (pg_catalog.floor(pg_catalog.sqrt(greatest(p_total_xp, 0) / 100.0)))::integer + 1
$$;

comment on function public.xp_level(integer) is 'Level curve: level L starts at 100*(L-1)^2 XP.';

revoke execute on function public.xp_level(integer) from public, anon, authenticated;
grant execute on function public.xp_level(integer) to anon, authenticated, service_role;

create or replace function public.award_xp(
  p_user_id uuid,
  p_amount integer,
  p_reason text,
  p_reference_id uuid default null,
  p_metadata jsonb default '{}'::jsonb,
  p_counter text default null,
  p_is_activity boolean default true
)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
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

  insert into public.user_gamification (user_id) values (p_user_id) on conflict (user_id) do nothing;
  select * into g from public.user_gamification as ug where ug.user_id = p_user_id for update;

  insert into public.xp_transactions (user_id, amount, reason, reference_id, metadata)
  values (p_user_id, p_amount, p_reason, p_reference_id, coalesce(p_metadata, '{}'::jsonb))
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
        b.condition_type <> 'manual'
        and case b.condition_type
          when 'total_xp' then g.total_xp
          when 'level' then g.current_level
          when 'weekly_streak' then g.weekly_streak
          when 'total_mashups' then g.total_mashups
          when 'total_likes_received' then g.total_likes_received
        end >= b.condition_value
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
$$;

comment on function public.award_xp(uuid, integer, text, uuid, jsonb, text, boolean) is
'Credits XP once per (user, reason, reference); updates level, streak, counters and badges. service_role and triggers only.';

revoke execute on function public.award_xp(uuid, integer, text, uuid, jsonb, text, boolean) from public, anon, authenticated;
grant execute on function public.award_xp(uuid, integer, text, uuid, jsonb, text, boolean) to service_role;

create or replace function public.trg_award_publish_xp()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and old.status = 'published' then
    return null;
  end if;
  perform public.award_xp(
    new.creator_id, 50, 'mashup_published', new.id,
    pg_catalog.jsonb_build_object('mashup_id', new.id), 'total_mashups', true
  );
  return null;
end;
$$;

comment on function public.trg_award_publish_xp() is 'AFTER trigger on mashups: +50 XP to the creator when a mashup is first published.';

revoke execute on function public.trg_award_publish_xp() from public, anon, authenticated;

create or replace trigger mashups_award_publish_xp
after insert or update of status on public.mashups
for each row when (new.status = 'published')
execute function public.trg_award_publish_xp();

create or replace function public.trg_award_like_xp()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  creator uuid;
begin
  select m.creator_id into creator from public.mashups as m where m.id = new.mashup_id;
  if creator is null or creator = new.user_id then
    return null;
  end if;
  perform public.award_xp(
    creator, 5, 'like_received',
    pg_catalog.md5(new.mashup_id::text || ':' || new.user_id::text)::uuid,
    pg_catalog.jsonb_build_object('mashup_id', new.mashup_id),
    'total_likes_received', false
  );
  return null;
end;
$$;

comment on function public.trg_award_like_xp() is
'AFTER INSERT trigger on mashup_likes: +5 XP to the creator once per (mashup, liker); self-likes earn nothing.';

revoke execute on function public.trg_award_like_xp() from public, anon, authenticated;

create or replace trigger mashup_likes_award_like_xp
after insert on public.mashup_likes
for each row execute function public.trg_award_like_xp();

create or replace function public.trg_award_vote_xp()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform public.award_xp(
    new.user_id, 5, 'battle_vote', new.battle_id,
    pg_catalog.jsonb_build_object('battle_id', new.battle_id), null, true
  );
  return null;
end;
$$;

comment on function public.trg_award_vote_xp() is 'AFTER INSERT trigger on battle_votes: +5 XP to the voter once per battle.';

revoke execute on function public.trg_award_vote_xp() from public, anon, authenticated;

create or replace trigger battle_votes_award_vote_xp
after insert on public.battle_votes
for each row execute function public.trg_award_vote_xp();
