-- 0004_challenges: remix challenges and their entries.
--
-- What: public.challenges (run by the platform: upcoming -> active -> voting ->
--   closed) and public.challenge_entries (a mashup entered into a challenge).
-- Who: everyone (anon included) reads both. Challenges are written only by
--   service_role (no client write grants, no client write policies). A signed-in
--   user enters their own mashup while the challenge is active and withdraws
--   their own entry while it is still active.
--   Policies: sql/policies/{challenges,challenge_entries}.sql.
-- Why: withdrawal is limited to the active phase (the spec said "withdraws own")
--   because deleting an entry cascades to the battles built from it during
--   voting — a losing entrant must not be able to erase a battle.
--
-- depends: 0002_mashups

create table public.challenges (
  id uuid primary key default gen_random_uuid(),
  title text not null,
  description text,
  status text not null default 'upcoming' check (status in ('upcoming', 'active', 'voting', 'closed')),
  starts_at timestamptz,
  ends_at timestamptz,
  created_by uuid references public.profiles (id) on delete set null,
  created_at timestamptz not null default now()
);

create index challenges_status_idx on public.challenges (status);
create index challenges_created_by_idx on public.challenges (created_by);

create table public.challenge_entries (
  id uuid primary key default gen_random_uuid(),
  challenge_id uuid not null references public.challenges (id) on delete cascade,
  mashup_id uuid not null references public.mashups (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  created_at timestamptz not null default now(),
  unique (challenge_id, mashup_id)
);

create index challenge_entries_mashup_id_idx on public.challenge_entries (mashup_id);
create index challenge_entries_user_id_idx on public.challenge_entries (user_id);

alter table public.challenges enable row level security;
alter table public.challenge_entries enable row level security;

revoke all on table public.challenges from anon, authenticated;
grant select on table public.challenges to anon, authenticated;
grant all on table public.challenges to service_role;

revoke all on table public.challenge_entries from anon, authenticated;
grant select on table public.challenge_entries to anon, authenticated;
grant insert (challenge_id, mashup_id, user_id) on table public.challenge_entries to authenticated;
grant delete on table public.challenge_entries to authenticated;
grant all on table public.challenge_entries to service_role;
