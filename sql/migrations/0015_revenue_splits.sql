-- 0015_revenue_splits: how a mashup's revenue is split between its contributors (plan step 3).
--
-- What: public.revenue_splits (one split of a mashup's revenue, with the
--   platform fee and money totals) and public.revenue_split_recipients (who
--   gets which percentage, and what they have received).
-- Who: a split's creator and its recipients read the split; a recipient reads
--   own recipient row, the creator reads all rows of own splits; anon nothing.
--   A signed-in user creates a split for a mashup they created (as creator,
--   in status draft), edits its settings and status, and manages its recipients
--   while the split is draft or paused. Money columns (total_revenue,
--   total_distributed, total_pending, total_received, platform_fee_percent,
--   activated_at, last_distribution_at, last_payout_at, verified) are not in
--   any client grant: they change only through public.record_revenue()
--   (service_role) or service_role itself.
--   Policies: sql/policies/{revenue_splits,revenue_split_recipients}.sql;
--   helpers and functions: sql/functions/revenue.sql.
-- Why (deviations from the seed, see docs/security.md):
--   * the seed's two SELECT policies query each other's table, which makes
--     every signed-in SELECT fail with 42P17 "infinite recursion detected in
--     policy"; the policies here go through SECURITY DEFINER helpers
--     (public.revenue_split_ids_created(), public.revenue_split_ids_received(),
--     public.revenue_split_is_editable()) with search_path pinned;
--   * the seed let a creator update every column (totals included) and put a
--     split on anybody's mashup; here the grants are per column and the policy
--     requires public.is_mashup_creator(mashup_id);
--   * money is numeric(14,2) (exact cents), percentages numeric(5,2) in (0, 100];
--     the sum of a split's percentages never exceeds 100 and must equal 100 to
--     activate (trigger revenue_split_recipients_check_total /
--     revenue_splits_guard, sql/functions/revenue.sql, serialised by locking
--     the split row);
--   * creator_id is not null (a split without a creator could never be
--     managed again) and cascades with the profile; mashup_id stays
--     "on delete set null" as in the seed (money history outlives the mashup).
--
-- depends: 0002_mashups

create table public.revenue_splits (
  id uuid primary key default gen_random_uuid(),
  mashup_id uuid references public.mashups (id) on delete set null,
  creator_id uuid not null references public.profiles (id) on delete cascade,
  status text not null default 'draft' check (status in ('draft', 'active', 'paused', 'completed')),
  payout_frequency text not null default 'monthly' check (payout_frequency in ('instant', 'weekly', 'monthly')),
  minimum_payout numeric(14, 2) not null default 10.00 check (minimum_payout >= 0),
  platform_fee_percent numeric(5, 2) not null default 15.00 check (platform_fee_percent between 0 and 100),
  total_revenue numeric(14, 2) not null default 0 check (total_revenue >= 0),
  total_distributed numeric(14, 2) not null default 0 check (total_distributed >= 0),
  total_pending numeric(14, 2) not null default 0 check (total_pending >= 0),
  chain_id text,
  contract_address text,
  transaction_hash text,
  created_at timestamptz not null default now(),
  activated_at timestamptz,
  last_distribution_at timestamptz
);

comment on table public.revenue_splits is 'A revenue split of a mashup; money columns written only by public.record_revenue() / service_role.';

create index revenue_splits_mashup_id_idx on public.revenue_splits (mashup_id);
create index revenue_splits_creator_id_idx on public.revenue_splits (creator_id);

create table public.revenue_split_recipients (
  id uuid primary key default gen_random_uuid(),
  split_id uuid not null references public.revenue_splits (id) on delete cascade,
  user_id uuid references public.profiles (id) on delete set null,
  display_name text not null,
  wallet_address text,
  percentage numeric(5, 2) not null check (percentage > 0 and percentage <= 100),
  role text not null default 'creator' check (role in ('creator', 'vocalist', 'producer', 'writer', 'other')),  -- noqa: RF04
  verified boolean not null default false,
  total_received numeric(14, 2) not null default 0 check (total_received >= 0),
  last_payout_at timestamptz,
  created_at timestamptz not null default now()
);

comment on table public.revenue_split_recipients is 'Recipients of a revenue split; percentages of a split sum to at most 100 (exactly 100 once active).';

create index revenue_split_recipients_split_id_idx on public.revenue_split_recipients (split_id);
create index revenue_split_recipients_user_id_idx on public.revenue_split_recipients (user_id);

alter table public.revenue_splits enable row level security;
alter table public.revenue_split_recipients enable row level security;

revoke all on table public.revenue_splits from anon, authenticated;
grant select on table public.revenue_splits to authenticated;
grant insert (
  mashup_id, creator_id, payout_frequency, minimum_payout, chain_id, contract_address
) on table public.revenue_splits to authenticated;
grant update (
  status, payout_frequency, minimum_payout, chain_id, contract_address
) on table public.revenue_splits to authenticated;
grant delete on table public.revenue_splits to authenticated;
grant all on table public.revenue_splits to service_role;

revoke all on table public.revenue_split_recipients from anon, authenticated;
grant select on table public.revenue_split_recipients to authenticated;
grant insert (
  split_id, user_id, display_name, wallet_address, percentage, role
) on table public.revenue_split_recipients to authenticated;
grant update (user_id, display_name, wallet_address, percentage, role) on table public.revenue_split_recipients to authenticated;
grant delete on table public.revenue_split_recipients to authenticated;
grant all on table public.revenue_split_recipients to service_role;
