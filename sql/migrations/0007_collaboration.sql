-- 0007_collaboration: real-time collaboration sessions and their participants.
--
-- What: public.collaboration_sessions (hosted by a user, optionally about one
--   of the host's mashups) and public.collaboration_participants (who joined,
--   with which role, and whether they have left).
-- Who: the host and the joined participants of a session see the session and
--   its participant list; nobody else does (anon nothing). A signed-in user
--   creates a session as its host and updates own sessions. Participant rows are
--   written only by SECURITY DEFINER functions (create/join/leave/end) or
--   service_role: clients get select only.
--   Policies: sql/policies/{collaboration_sessions,collaboration_participants}.sql.
-- Why: each table's policy needs the other table (the classic RLS recursion
--   trap), so both policies go through the SECURITY DEFINER helpers
--   public.is_collab_member()/is_collab_host() in sql/functions/collaboration.sql,
--   which read the tables without re-entering RLS. Writes are granted per column
--   so clients cannot forge host_id on update or created_at.
-- Note: some column names are SQL keywords (role, text, language, name, input);
--   the app uses them, so they stay, with `-- noqa: RF04` on those lines.
--
-- depends: 0002_mashups

create table public.collaboration_sessions (
  id uuid primary key default gen_random_uuid(),
  host_id uuid not null references public.profiles (id) on delete cascade,
  mashup_id uuid references public.mashups (id) on delete set null,
  title text not null,
  status text not null default 'active' check (status in ('active', 'ended')),
  max_participants integer not null default 8 check (max_participants between 1 and 32),
  created_at timestamptz not null default now(),
  ended_at timestamptz
);

create index collaboration_sessions_host_id_idx on public.collaboration_sessions (host_id);
create index collaboration_sessions_mashup_id_idx on public.collaboration_sessions (mashup_id);

create table public.collaboration_participants (
  session_id uuid not null references public.collaboration_sessions (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  role text not null default 'editor' check (role in ('host', 'editor', 'viewer')),  -- noqa: RF04
  status text not null default 'joined' check (status in ('joined', 'left')),
  joined_at timestamptz not null default now(),
  left_at timestamptz,
  primary key (session_id, user_id)
);

create index collaboration_participants_user_id_idx on public.collaboration_participants (user_id);

alter table public.collaboration_sessions enable row level security;
alter table public.collaboration_participants enable row level security;

revoke all on table public.collaboration_sessions from anon, authenticated;
grant select on table public.collaboration_sessions to authenticated;
grant insert (host_id, mashup_id, title, max_participants) on table public.collaboration_sessions to authenticated;
grant update (title, status, max_participants, ended_at) on table public.collaboration_sessions to authenticated;
grant all on table public.collaboration_sessions to service_role;

revoke all on table public.collaboration_participants from anon, authenticated;
grant select on table public.collaboration_participants to authenticated;
grant all on table public.collaboration_participants to service_role;
