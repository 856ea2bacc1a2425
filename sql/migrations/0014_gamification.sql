-- 0014_gamification: XP, levels, weekly streaks and badges (plan step 2).
--
-- What: public.user_gamification (one row per user: totals, level, streak),
--   public.badges (the catalogue, seeded below), public.user_badges (earned
--   badges) and public.xp_transactions (the XP ledger).
-- Who: a signed-in user reads own user_gamification, user_badges and
--   xp_transactions rows; everyone (anon included) reads the badge catalogue.
--   NO client writes anything here: XP, levels, streaks and badges change only
--   through public.award_xp() (SECURITY DEFINER, executable by service_role;
--   called by the database's own triggers in sql/functions/gamification.sql).
--   Policies: sql/policies/{user_gamification,badges,user_badges,xp_transactions}.sql.
-- Why (deviations from the seed, see docs/security.md): the seed let a user
--   insert/update own user_gamification (999,999,999 XP) and insert own
--   xp_transactions; here clients get select only and there are no write
--   policies. The XP ledger is idempotent per (user_id, reason, reference_id)
--   (unique nulls not distinct: a null reference means "once per user per
--   reason"); counters are checked non-negative; (user_id, created_at) serves
--   the own-rows policy and "my XP history".
--
-- depends: 0003_mashup_social

create table public.user_gamification (
  user_id uuid primary key references public.profiles (id) on delete cascade,
  total_xp integer not null default 0 check (total_xp >= 0),
  current_level integer not null default 1 check (current_level >= 1),
  weekly_streak integer not null default 0 check (weekly_streak >= 0),
  longest_streak integer not null default 0 check (longest_streak >= 0),
  last_activity_at timestamptz,
  total_mashups integer not null default 0 check (total_mashups >= 0),
  total_plays integer not null default 0 check (total_plays >= 0),
  total_likes_received integer not null default 0 check (total_likes_received >= 0),
  updated_at timestamptz not null default now()
);

comment on table public.user_gamification is 'Per-user XP totals, level, weekly streak; written only by public.award_xp().';

create table public.badges (
  id text primary key,
  name text not null,  -- noqa: RF04
  description text not null,
  icon_url text,
  category text not null check (category in ('creation', 'social', 'streak', 'milestone', 'special')),
  rarity text not null check (rarity in ('common', 'uncommon', 'rare', 'epic', 'legendary')),
  xp_reward integer not null default 0 check (xp_reward >= 0),
  condition_type text not null check (
    condition_type in ('total_xp', 'level', 'weekly_streak', 'total_mashups', 'total_likes_received', 'manual')
  ),
  condition_value integer not null default 1 check (condition_value >= 0),
  created_at timestamptz not null default now()
);

comment on table public.badges is 'Badge catalogue; a badge is granted by public.award_xp() when its condition is met.';

create table public.user_badges (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.profiles (id) on delete cascade,
  badge_id text not null references public.badges (id) on delete cascade,
  earned_at timestamptz not null default now(),
  constraint user_badges_user_id_badge_id_key unique (user_id, badge_id)
);

create index user_badges_badge_id_idx on public.user_badges (badge_id);

create table public.xp_transactions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references public.profiles (id) on delete cascade,
  amount integer not null check (amount > 0),
  reason text not null check (reason ~ '^[a-z0-9_:.-]{1,64}$'),
  reference_id uuid,
  metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  constraint xp_transactions_user_reason_reference_key unique nulls not distinct (user_id, reason, reference_id)
);

comment on table public.xp_transactions is 'XP ledger; idempotent per (user_id, reason, reference_id); written only by public.award_xp().';

create index xp_transactions_user_id_created_at_idx on public.xp_transactions (user_id, created_at);

alter table public.user_gamification enable row level security;
alter table public.badges enable row level security;
alter table public.user_badges enable row level security;
alter table public.xp_transactions enable row level security;

revoke all on table public.user_gamification from anon, authenticated;
grant select on table public.user_gamification to authenticated;
grant all on table public.user_gamification to service_role;

revoke all on table public.badges from anon, authenticated;
grant select on table public.badges to anon, authenticated;
grant all on table public.badges to service_role;

revoke all on table public.user_badges from anon, authenticated;
grant select on table public.user_badges to authenticated;
grant all on table public.user_badges to service_role;

revoke all on table public.xp_transactions from anon, authenticated;
grant select on table public.xp_transactions to authenticated;
grant all on table public.xp_transactions to service_role;

-- The badge catalogue (small on purpose; service_role adds more).
insert into public.badges (id, name, description, category, rarity, xp_reward, condition_type, condition_value)
values
('first_mashup', 'First Drop', 'Published your first mashup.', 'creation', 'common', 25, 'total_mashups', 1),
('prolific_10', 'Prolific', 'Published 10 mashups.', 'creation', 'uncommon', 100, 'total_mashups', 10),
('first_like', 'Somebody Likes It', 'Received your first like.', 'social', 'common', 10, 'total_likes_received', 1),
('crowd_pleaser', 'Crowd Pleaser', 'Received 100 likes.', 'social', 'rare', 250, 'total_likes_received', 100),
('streak_4', 'On a Roll', 'Active 4 weeks in a row.', 'streak', 'uncommon', 100, 'weekly_streak', 4),
('streak_12', 'Unstoppable', 'Active 12 weeks in a row.', 'streak', 'epic', 500, 'weekly_streak', 12),
('level_5', 'Rising Star', 'Reached level 5.', 'milestone', 'rare', 0, 'level', 5),
('xp_10000', 'Legend', 'Earned 10,000 XP.', 'milestone', 'legendary', 0, 'total_xp', 10000);
