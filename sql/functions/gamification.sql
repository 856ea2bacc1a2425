-- Gamification: the only writer of XP, levels, weekly streaks and badges (plan step 2),
-- kept equal to the live facts (issue: value cannot be farmed through disposable objects).
--
-- What:
--   public.xp_level(total_xp) — the level curve: level L is reached at
--     100 * (L - 1)^2 XP (L1 = 0, L2 = 100, L3 = 400, L4 = 900, L5 = 1600 ...),
--     i.e. level = floor(sqrt(total_xp / 100)) + 1.
--   public.badge_progress(user_gamification, condition_type) — the one mapping of a
--     badge's condition_type to the user's value it is compared with (granting and
--     revoking both use it); null for manual badges. Internal: no client executes it.
--   public.award_xp(user_id, amount, reason, reference_id, metadata, counter,
--     is_activity, mashup_id) — credits XP once per (user_id, reason, reference_id) (a
--     repeat returns 0 and changes nothing), updates total_xp, current_level,
--     the optional counter (total_mashups | total_likes_received), the weekly
--     streak (only when is_activity), and grants every badge whose condition
--     is now met, crediting its xp_reward (reason 'badge:<id>'), repeating
--     until no further badge is unlocked. Returns the XP credited (amount +
--     badge rewards). The ledger row records its counter and, when given, the mashup
--     it is about: it is deleted with that mashup (foreign key cascade).
--     Errors: 22023 bad input, P0002 unknown user, 42501 when a client role reaches
--     it outside a trigger.
--   Withdrawal (xp_transactions_withdraw, AFTER DELETE statement trigger on the
--     ledger): whatever removes ledger rows (a deleted or unpublished mashup, an unlike,
--     service_role) subtracts their XP and counters from user_gamification, users in
--     id order, and revokes every badge held on a condition that no longer holds
--     (total_xp, level, total_mashups, total_likes_received), with its badge XP, which
--     may revoke further badges. Streak badges stay: a streak measures weeks, which
--     cannot be farmed faster than one per week; manual badges stay. Truncating the
--     ledger (xp_transactions_truncate; `truncate mashups cascade` reaches it through
--     xp_transactions.mashup_id) resets XP, counters and those badges alike.
--   Weekly streak: weeks are ISO weeks (Monday) in UTC; activity in the same
--     week keeps the streak, in the week right after the last active week adds
--     one, after a gap restarts at 1; longest_streak keeps the maximum.
--   Triggers (the database's own XP sources), so that XP and counters equal the live
--   rows: total_mashups = the user's published mashups, total_likes_received = likes by
--   others on them (and on the user's unpublished ones), total_xp = the ledger:
--     mashups_award_publish_xp — creator +50 XP when a mashup becomes published
--       (reason mashup_published, reference the mashup); mashups_withdraw_publish_xp
--       takes it back when it stops being published; deleting the mashup deletes it;
--     mashup_likes_xp_award / mashup_likes_xp_withdraw (statement level) — creator
--       +5 XP per (mashup, liker), not for self-likes, not a streak activity (reason
--       like_received, reference md5(mashup:liker) as uuid), taken back on unlike; the
--       creators of one statement are credited in id order, so bulk likes of the same
--       mashups in different orders cannot deadlock;
--     battle_votes_award_vote_xp — voter +5 XP per battle (reason battle_vote).
-- Who: award_xp is executable by service_role only (and runs for the triggers,
--   which are SECURITY DEFINER functions owned by the schema owner); xp_level
--   by everyone (it is arithmetic). Clients have no write grant on any
--   gamification table (0014), so the seed's self-granted XP is impossible.
-- Why: SECURITY DEFINER with search_path pinned to pg_catalog, pg_temp; the user's
--   user_gamification row is locked (for update) so concurrent awards
--   serialise; idempotency rests on the unique
--   (user_id, reason, reference_id) nulls-not-distinct key of xp_transactions.
--   Lock order on every path: the mashup row, then the rollup rows, then
--   user_gamification rows in user id order.
--
-- requires: 0023_live_counters

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

create or replace function public.badge_progress(p_row public.user_gamification, p_condition_type text)
returns integer
language sql
immutable
set search_path = pg_catalog, pg_temp
as $$
  select case p_condition_type
    when 'total_xp' then p_row.total_xp
    when 'level' then p_row.current_level
    when 'weekly_streak' then p_row.weekly_streak
    when 'total_mashups' then p_row.total_mashups
    when 'total_likes_received' then p_row.total_likes_received
  end
$$;

comment on function public.badge_progress(public.user_gamification, text) is
'The value a badge condition_type compares with condition_value for a user (null for manual badges).';

revoke execute on function public.badge_progress(public.user_gamification, text) from public, anon, authenticated, service_role;

create or replace function public.award_xp(
  p_user_id uuid,
  p_amount integer,
  p_reason text,
  p_reference_id uuid default null,
  p_metadata jsonb default '{}'::jsonb,
  p_counter text default null,
  p_is_activity boolean default true,
  p_mashup_id uuid default null
)
returns integer
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
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
$$;

comment on function public.award_xp(uuid, integer, text, uuid, jsonb, text, boolean, uuid) is
'Credits XP once per (user, reason, reference); updates level, streak, counters and badges. service_role and triggers only.';

revoke execute on function public.award_xp(uuid, integer, text, uuid, jsonb, text, boolean, uuid) from public, anon, authenticated;
grant execute on function public.award_xp(uuid, integer, text, uuid, jsonb, text, boolean, uuid) to service_role;

create or replace function public.trg_withdraw_xp()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
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

comment on function public.trg_withdraw_xp() is
'AFTER DELETE statement trigger on xp_transactions: subtracts the XP and counters of deleted ledger rows and revokes badges no longer earned.';

revoke execute on function public.trg_withdraw_xp() from public, anon, authenticated;

create or replace trigger xp_transactions_withdraw
after delete on public.xp_transactions
referencing old table as old_xp
for each statement execute function public.trg_withdraw_xp();

create or replace function public.trg_reset_xp_on_truncate()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
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

comment on function public.trg_reset_xp_on_truncate() is
'AFTER TRUNCATE trigger on xp_transactions (also reached by truncate mashups cascade): resets XP, counters and the badges earned on them.';

revoke execute on function public.trg_reset_xp_on_truncate() from public, anon, authenticated;

create or replace trigger xp_transactions_truncate
after truncate on public.xp_transactions
for each statement execute function public.trg_reset_xp_on_truncate();

create or replace function public.trg_award_publish_xp()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
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

comment on function public.trg_award_publish_xp() is 'AFTER trigger on mashups: +50 XP to the creator when a mashup becomes published.';

revoke execute on function public.trg_award_publish_xp() from public, anon, authenticated;

create or replace trigger mashups_award_publish_xp
after insert or update of status on public.mashups
for each row when (new.status = 'published')
execute function public.trg_award_publish_xp();

create or replace function public.trg_withdraw_publish_xp()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  delete from public.xp_transactions as x
  where x.user_id = old.creator_id and x.reason = 'mashup_published' and x.reference_id = old.id;
  return null;
end;
$$;

comment on function public.trg_withdraw_publish_xp() is
'AFTER UPDATE trigger on mashups: a mashup that stops being published takes its publish XP back.';

revoke execute on function public.trg_withdraw_publish_xp() from public, anon, authenticated;

create or replace trigger mashups_withdraw_publish_xp
after update of status on public.mashups
for each row when (old.status = 'published' and new.status <> 'published')
execute function public.trg_withdraw_publish_xp();

create or replace function public.trg_award_like_xp()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
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

comment on function public.trg_award_like_xp() is
'AFTER INSERT statement trigger on mashup_likes: +5 XP to the creator per (mashup, liker), creators in id order; self-likes earn nothing.';

revoke execute on function public.trg_award_like_xp() from public, anon, authenticated;

create or replace trigger mashup_likes_xp_award
after insert on public.mashup_likes
referencing new table as new_likes
for each statement execute function public.trg_award_like_xp();

create or replace function public.trg_withdraw_like_xp()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
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

comment on function public.trg_withdraw_like_xp() is
'AFTER DELETE statement trigger on mashup_likes: an unlike takes back the creator''s like XP.';

revoke execute on function public.trg_withdraw_like_xp() from public, anon, authenticated;

create or replace trigger mashup_likes_xp_withdraw
after delete on public.mashup_likes
referencing old table as old_likes
for each statement execute function public.trg_withdraw_like_xp();

create or replace function public.trg_award_vote_xp()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
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
