-- 0008_subscriptions: a user's platform plan (free / pro / studio), from Stripe.
--
-- What: public.subscriptions, one row per user, kept in sync by the Stripe
--   webhook; tier enforcement reads the tier from here.
-- Who: a signed-in user reads own row; only service_role writes (no client
--   write grants, no client write policies); anon nothing.
--   Policies: sql/policies/subscriptions.sql.
-- Why: users never grant themselves a tier (design: security stance).
--
-- depends: 0001_profiles

create table public.subscriptions (
  user_id uuid primary key references public.profiles (id) on delete cascade,
  tier text not null default 'free' check (tier in ('free', 'pro', 'studio')),
  status text not null default 'active' check (status in ('active', 'trialing', 'past_due', 'canceled')),
  stripe_customer_id text unique,
  stripe_subscription_id text unique,
  current_period_end timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

alter table public.subscriptions enable row level security;

revoke all on table public.subscriptions from anon, authenticated;
grant select on table public.subscriptions to authenticated;
grant all on table public.subscriptions to service_role;
