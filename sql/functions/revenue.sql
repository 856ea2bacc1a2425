-- Revenue splits: RLS helpers, integrity triggers, record_revenue, earnings_summary (plan step 3).
--
-- What:
--   public.revenue_split_ids_created() / public.revenue_split_ids_received() —
--     the ids of the splits the caller created / is a recipient of;
--   public.revenue_split_is_editable(split_id) — the caller created the split
--     and it is draft or paused (recipients may be changed);
--   public.revenue_split_recipients_check_total() — AFTER row trigger on
--     recipients: with the split row locked (for no key update, which does not
--     conflict with the key-share locks of concurrent inserts' foreign key
--     checks), the split's percentages sum to at most 100, and exactly 100
--     while the split is active (23514);
--   public.revenue_split_recipients_guard() — BEFORE UPDATE/DELETE row trigger
--     on recipients: a row that has received money or is verified keeps its
--     identity for clients: no delete (directly or by deleting its split) and no
--     new user_id or wallet_address (42501); a new percentage un-verifies it.
--     The platform (service_role) may change it, at the recipient's request;
--   public.revenue_splits_guard() — BEFORE trigger on splits: a split is
--     created as draft; activation needs percentages summing to exactly 100
--     (23514) and stamps activated_at; clients cannot set 'completed' nor
--     leave it (42501), nor go back to 'draft' once activated (55000);
--   public.record_revenue(split_id, amount) — distributes one payment:
--     fee = round(amount * platform_fee_percent / 100, 2), rounded half-up
--     (PostgreSQL numeric round: half away from zero, amounts are positive);
--     distributable = amount - fee; each recipient gets
--     trunc(distributable * percentage / 100, 2); the leftover cents
--     (fewer than the number of recipients) go one each to the recipients with
--     the largest truncated remainder, ties by created_at then id
--     (largest-remainder method). Hence sum(shares) = distributable and
--     distributed + fee = amount to the cent. Returns one row per recipient
--     (kind 'recipient') plus one 'fee' row. Errors: 22023 amount not > 0 or
--     with more than 2 decimals or above 999,999,999,999.99 in total;
--     P0002 unknown split; 55000 split not active; 42501 client caller.
--     total_pending is left to the payout process (service_role).
--     Lock order: it locks the split row, then the recipient rows without
--     waiting; when one is locked by a writer (who locked recipients first and
--     wants the split next) it releases everything, waits for that writer while
--     holding nothing and starts over, so it never deadlocks (40P01) with a
--     rebalance (55P03 only after 100 such rounds);
--   public.earnings_summary() — for auth.uid(): what the caller received as a
--     recipient and what their own splits took in (42501 when anonymous).
-- Who: the helpers are executable by authenticated and service_role (policies
--   call them); record_revenue by service_role only; earnings_summary by
--   authenticated. Triggers fire for every writer.
-- Why: the seed's revenue_splits and revenue_split_recipients SELECT policies
--   query each other's table, so PostgreSQL raised 42P17 (infinite recursion)
--   on every signed-in SELECT; these SECURITY DEFINER helpers read the tables
--   as their owner (no RLS re-entry). All SECURITY DEFINER functions pin
--   search_path to '' and qualify every name; earnings_summary is SECURITY
--   INVOKER (RLS already limits it to the caller's rows).
--
-- requires: 0015_revenue_splits

create or replace function public.revenue_split_ids_created()
returns setof uuid
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select s.id from public.revenue_splits as s where s.creator_id = (select auth.uid())
$$;

comment on function public.revenue_split_ids_created() is 'Ids of the revenue splits the caller created (RLS helper).';

revoke execute on function public.revenue_split_ids_created() from public, anon, authenticated;
grant execute on function public.revenue_split_ids_created() to authenticated, service_role;

create or replace function public.revenue_split_ids_received()
returns setof uuid
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select r.split_id from public.revenue_split_recipients as r where r.user_id = (select auth.uid())
$$;

comment on function public.revenue_split_ids_received() is 'Ids of the revenue splits the caller is a recipient of (RLS helper).';

revoke execute on function public.revenue_split_ids_received() from public, anon, authenticated;
grant execute on function public.revenue_split_ids_received() to authenticated, service_role;

create or replace function public.revenue_split_is_editable(p_split_id uuid)
returns boolean
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select exists (
    select 1
    from public.revenue_splits as s
    where
      s.id = p_split_id
      and s.creator_id = (select auth.uid())
      and s.status in ('draft', 'paused')
  )
$$;

comment on function public.revenue_split_is_editable(uuid) is
'True when the caller created the split and it is draft or paused (RLS helper for recipients).';

revoke execute on function public.revenue_split_is_editable(uuid) from public, anon, authenticated;
grant execute on function public.revenue_split_is_editable(uuid) to authenticated, service_role;

create or replace function public.revenue_split_recipients_check_total()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
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

comment on function public.revenue_split_recipients_check_total() is
'AFTER trigger on revenue_split_recipients: percentages total <= 100, = 100 while active (23514).';

revoke execute on function public.revenue_split_recipients_check_total() from public, anon, authenticated;

create or replace trigger revenue_split_recipients_check_total
after insert or update of percentage, split_id or delete on public.revenue_split_recipients
for each row execute function public.revenue_split_recipients_check_total();

create or replace function public.revenue_split_recipients_guard()
returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
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

comment on function public.revenue_split_recipients_guard() is
'BEFORE UPDATE/DELETE on recipients: a client never deletes or re-points a paid or verified row (42501); a new percentage un-verifies it.';

revoke execute on function public.revenue_split_recipients_guard() from public, anon, authenticated;

create or replace trigger revenue_split_recipients_guard
before update or delete on public.revenue_split_recipients
for each row execute function public.revenue_split_recipients_guard();

create or replace function public.revenue_splits_guard()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
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

comment on function public.revenue_splits_guard() is
'BEFORE trigger on revenue_splits: created as draft; activation needs 100% (23514); clients cannot complete (42501).';

revoke execute on function public.revenue_splits_guard() from public, anon, authenticated;

create or replace trigger revenue_splits_guard
before insert or update on public.revenue_splits
for each row execute function public.revenue_splits_guard();

create or replace function public.record_revenue(p_split_id uuid, p_amount numeric)
returns table (kind text, recipient_id uuid, user_id uuid, amount numeric)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
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

comment on function public.record_revenue(uuid, numeric) is
'Distributes a payment to an active split: fee half-up, shares truncated, leftover cents by largest remainder. service_role only.';

revoke execute on function public.record_revenue(uuid, numeric) from public, anon, authenticated;
grant execute on function public.record_revenue(uuid, numeric) to service_role;

create or replace function public.earnings_summary()
returns table (
  total_received numeric,
  recipient_split_count bigint,
  active_recipient_split_count bigint,
  last_payout_at timestamptz,
  created_split_count bigint,
  created_split_revenue numeric,
  created_split_distributed numeric
)
language plpgsql
stable
security invoker
set search_path = ''
as $$
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

comment on function public.earnings_summary() is 'Earnings of the caller as a recipient, and takings of the splits they created.';

revoke execute on function public.earnings_summary() from public, anon, authenticated;
grant execute on function public.earnings_summary() to authenticated, service_role;
