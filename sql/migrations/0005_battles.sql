-- 0005_battles: head-to-head battles between two entries of a challenge.
--
-- What: public.battles pairs two challenge entries until ends_at; the platform
--   closes it and records the winner.
-- Who: everyone (anon included) reads battles; only service_role writes them
--   (no client write grants, no client write policies).
--   Policies: sql/policies/battles.sql.
-- Why: the winner, when set, must be one of the two entries (added check);
--   every foreign key is indexed so cascades from entries/challenges stay cheap.
--
-- depends: 0004_challenges

create table public.battles (
  id uuid primary key default gen_random_uuid(),
  challenge_id uuid references public.challenges (id) on delete cascade,
  entry_a_id uuid not null references public.challenge_entries (id) on delete cascade,
  entry_b_id uuid not null references public.challenge_entries (id) on delete cascade,
  status text not null default 'open' check (status in ('open', 'closed')),
  ends_at timestamptz not null,
  winner_entry_id uuid references public.challenge_entries (id) on delete set null,
  created_at timestamptz not null default now(),
  check (entry_a_id <> entry_b_id),
  check (winner_entry_id is null or winner_entry_id in (entry_a_id, entry_b_id))
);

create index battles_challenge_id_idx on public.battles (challenge_id);
create index battles_entry_a_id_idx on public.battles (entry_a_id);
create index battles_entry_b_id_idx on public.battles (entry_b_id);
create index battles_winner_entry_id_idx on public.battles (winner_entry_id);

alter table public.battles enable row level security;

revoke all on table public.battles from anon, authenticated;
grant select on table public.battles to anon, authenticated;
grant all on table public.battles to service_role;
