-- 0019_tier_limits: monthly usage limits per subscription tier (plan step 4, database side).
--
-- What: public.tier_limits (tier x resource -> monthly limit, null = unlimited),
--   seeded with the entitlements of entitlements.ts. The index that makes
--   counting a user's AI jobs of one kind this month an index range scan is
--   built concurrently by 0021 (ai_jobs exists and takes writes).
--   public.check_usage_limit() (sql/functions/tiers.sql) reads them.
-- Who: everyone (anon included) reads the limits (they are the pricing page);
--   only service_role writes them. A user's tier comes from public.subscriptions,
--   which only service_role writes (0008): users can never change their own tier.
--   Policies: sql/policies/tier_limits.sql.
-- Why: resources map to what is counted — 'mashup_upload' = mashups created
--   this calendar month (UTC) (index mashups (creator_id, created_at) from
--   0002), 'stem_separation' / 'ai_generation' (ai_generation + ai_completion
--   jobs) / 'auto_caption' = ai_jobs of those types created this month
--   (index ai_jobs (user_id, job_type, created_at), migration 0021).
--
-- depends: 0012_ai_jobs

create table public.tier_limits (
  tier text not null check (tier in ('free', 'pro', 'studio')),
  resource text not null check (resource in ('mashup_upload', 'stem_separation', 'ai_generation', 'auto_caption')),  -- noqa: RF04
  monthly_limit integer check (monthly_limit >= 0),
  updated_at timestamptz not null default now(),
  primary key (tier, resource)
);

comment on table public.tier_limits is 'Monthly limit per tier and resource; null monthly_limit = unlimited.';
comment on column public.tier_limits.monthly_limit is 'Uses allowed per calendar month (UTC); null = unlimited.';


alter table public.tier_limits enable row level security;

revoke all on table public.tier_limits from anon, authenticated;
grant select on table public.tier_limits to anon, authenticated;
grant all on table public.tier_limits to service_role;

insert into public.tier_limits (tier, resource, monthly_limit)
values
('free', 'mashup_upload', 5),
('free', 'stem_separation', 3),
('free', 'ai_generation', 5),
('free', 'auto_caption', 2),
('pro', 'mashup_upload', 50),
('pro', 'stem_separation', 50),
('pro', 'ai_generation', 100),
('pro', 'auto_caption', 50),
('studio', 'mashup_upload', null),
('studio', 'stem_separation', 500),
('studio', 'ai_generation', 1000),
('studio', 'auto_caption', null);
