-- 0009_fan_subscriptions: fans paying a creator directly.
--
-- What: public.fan_subscriptions, one row per (fan, creator), kept in sync by
--   the Stripe webhook.
-- Who: the fan and the creator of a row read it; only service_role writes (no
--   client write grants, no client write policies); anon nothing.
--   Policies: sql/policies/fan_subscriptions.sql.
-- Why: money rows are never client-writable (design: security stance); the
--   unique (fan_id, creator_id) index serves the fan policy, creator_id has its own.
--
-- depends: 0001_profiles

create table public.fan_subscriptions (
  id uuid primary key default gen_random_uuid(),
  fan_id uuid not null references public.profiles (id) on delete cascade,
  creator_id uuid not null references public.profiles (id) on delete cascade,
  tier text not null default 'supporter',
  status text not null default 'active' check (status in ('active', 'canceled')),
  price_cents integer not null default 0 check (price_cents >= 0),
  created_at timestamptz not null default now(),
  canceled_at timestamptz,
  unique (fan_id, creator_id),
  check (fan_id <> creator_id)
);

create index fan_subscriptions_creator_id_idx on public.fan_subscriptions (creator_id);

alter table public.fan_subscriptions enable row level security;

revoke all on table public.fan_subscriptions from anon, authenticated;
grant select on table public.fan_subscriptions to authenticated;
grant all on table public.fan_subscriptions to service_role;
