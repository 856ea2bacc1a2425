-- Tier enforcement: how much of a monthly limit a user has left (plan step 4, database side).
--
-- What: public.check_usage_limit(resource, user_id default null) returns one
--   row (allowed, tier, "limit", used, remaining) for this calendar month
--   (UTC). resource: 'mashup_upload' (mashups created), 'stem_separation',
--   'ai_generation' (ai_generation + ai_completion jobs), 'auto_caption'
--   (ai_jobs of that type). The tier is the caller's subscriptions.tier when
--   that row is active/trialing (or past_due, Stripe's grace period) and
--   current_period_end is not past, else 'free'. An anonymous caller is on
--   the free tier with used = 0. "limit" and remaining are null when the tier
--   is unlimited for that resource; allowed = used < limit (or unlimited).
--   Errors: 22023 unknown resource; 42501 when a client passes a user_id
--   other than its own.
--   public.enforce_usage_limit() — BEFORE INSERT row trigger on public.mashups
--   and public.ai_jobs: when a client role (anon/authenticated) inserts its
--   own row, the insert is refused with 42501 once check_usage_limit says the
--   resource's monthly limit is used up (the row being inserted would exceed
--   it). service_role inserts are not limited (the server decides).
--   public.count_deleted_uploads() — AFTER DELETE statement trigger on
--   public.mashups: a mashup created this month (UTC) that is deleted still counts
--   as an upload of this month (user_gamification.deleted_uploads for
--   deleted_uploads_month), so publishing and deleting never refunds a unit.
-- Who: anon, authenticated (own usage only) and service_role (any user_id:
--   API routes running with the service key pass the user they act for).
--   The trigger fires for every insert; nobody calls it directly.
-- Why: SECURITY DEFINER so the count does not pay for RLS and works for
--   service_role without impersonation; search_path pinned to pg_catalog, pg_temp. Counts use
--   mashups (creator_id, created_at) and ai_jobs (user_id, job_type,
--   created_at) index range scans. Users cannot change their own tier:
--   subscriptions and tier_limits are written only by service_role.
--   The trigger closes the gap left by 0002/0012, which grant clients direct
--   inserts on mashups and ai_jobs: without it a client bypassing the API
--   could exceed its tier. It takes a transaction-scoped advisory lock per
--   (resource, user) before counting, so two concurrent inserts of one user
--   cannot both take the last unit (each count runs with a fresh snapshot
--   under read committed, PostgREST's isolation level); rows of another
--   user are left to the insert policies.
--
-- requires: 0023_live_counters

create or replace function public.check_usage_limit(p_resource text, p_user_id uuid default null)
returns table (allowed boolean, tier text, "limit" integer, used integer, remaining integer)
language plpgsql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
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

comment on function public.check_usage_limit(text, uuid) is
'Monthly usage of a resource against the tier limit for the caller (or, for service_role, any user).';

revoke execute on function public.check_usage_limit(text, uuid) from public, anon, authenticated;
grant execute on function public.check_usage_limit(text, uuid) to anon, authenticated, service_role;

create or replace function public.enforce_usage_limit()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
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

comment on function public.enforce_usage_limit() is
'BEFORE INSERT trigger on mashups and ai_jobs: a client''s insert beyond its monthly tier limit is refused (42501).';

revoke execute on function public.enforce_usage_limit() from public, anon, authenticated;

create or replace function public.count_deleted_uploads()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
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

comment on function public.count_deleted_uploads() is
'AFTER DELETE statement trigger on mashups: mashups created this month still count against the upload limit once deleted.';

revoke execute on function public.count_deleted_uploads() from public, anon, authenticated;

create or replace trigger mashups_count_deleted_uploads
after delete on public.mashups
referencing old table as old_mashups
for each statement execute function public.count_deleted_uploads();

create or replace trigger mashups_enforce_usage_limit
before insert on public.mashups
for each row execute function public.enforce_usage_limit();

create or replace trigger ai_jobs_enforce_usage_limit
before insert on public.ai_jobs
for each row execute function public.enforce_usage_limit();
