-- 0013_battle_votes: one vote per user per battle (plan step 1).
--
-- What: public.battle_votes, a signed-in user's vote for one of the two
--   entries of an open battle.
-- Who: everyone (anon included) reads votes (tallies are public:
--   public.battle_tally() in sql/functions/battles.sql); a signed-in user
--   inserts a vote as self only; nobody updates or deletes a vote from a
--   client (a vote is final); service_role manages everything.
--   Policies: sql/policies/battle_votes.sql.
-- Why (deviations from the seed, see docs/security.md):
--   * battle_id is a real foreign key (the seed left it dangling);
--   * the seed's "any signed-in user inserts as self" let anyone vote for an
--     entry of another battle, in a closed battle, or for their own entry:
--     the trigger battle_votes_validate (sql/functions/battles.sql) enforces
--     "entry belongs to the battle", "battle open (and not past ends_at)" and
--     "not one's own entry" for every writer, service_role included;
--   * insert is granted on (battle_id, entry_id, user_id) only, so created_at
--     cannot be forged; unique (battle_id, user_id) = one vote per user per
--     battle and also serves the tally; (user_id) serves "my votes" and the
--     profile cascade; (entry_id) serves the entry cascade.
--
-- depends: 0005_battles

create table public.battle_votes (
  id uuid primary key default gen_random_uuid(),
  battle_id uuid not null references public.battles (id) on delete cascade,
  entry_id uuid not null references public.challenge_entries (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  created_at timestamptz not null default now(),
  constraint battle_votes_battle_id_user_id_key unique (battle_id, user_id)
);

comment on table public.battle_votes is 'One vote per user per battle, for an entry of that battle, cast while it is open.';

create index battle_votes_battle_id_entry_id_idx on public.battle_votes (battle_id, entry_id);
create index battle_votes_user_id_idx on public.battle_votes (user_id);
create index battle_votes_entry_id_idx on public.battle_votes (entry_id);

alter table public.battle_votes enable row level security;

revoke all on table public.battle_votes from anon, authenticated;
grant select on table public.battle_votes to anon, authenticated;
grant insert (battle_id, entry_id, user_id) on table public.battle_votes to authenticated;
grant all on table public.battle_votes to service_role;
