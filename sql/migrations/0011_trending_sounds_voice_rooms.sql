-- 0011_trending_sounds_voice_rooms: ingested trending sounds; voice rooms.
--
-- What: public.trending_sounds (filled daily by the ingestion cron from
--   Spotify/YouTube/TikTok or by hand) and public.voice_rooms (a voice chat,
--   optionally attached to a collaboration session).
-- Who: trending_sounds: everyone (anon included) reads, only service_role
--   writes. voice_rooms: the host creates a room as self (attached only to a
--   session they belong to), reads/updates/deletes own rooms; the members of
--   the attached collaboration session read it (public.is_collab_member); anon nothing.
--   Policies: sql/policies/{trending_sounds,voice_rooms}.sql.
-- Why: per-column grants keep host_id/session_id fixed after creation;
--   host_id and session_id are indexed for the policies.
-- Note: some column names are SQL keywords (role, text, language, name, input);
--   the app uses them, so they stay, with `-- noqa: RF04` on those lines.
--
-- depends: 0007_collaboration

create table public.trending_sounds (
  id uuid primary key default gen_random_uuid(),
  title text not null,
  artist text,
  source text not null check (source in ('spotify', 'youtube', 'tiktok', 'manual')),  -- noqa: RF04
  external_url text not null,
  thumbnail_url text,
  rank integer,
  fetched_at timestamptz not null default now(),
  unique (source, external_url)
);

create table public.voice_rooms (
  id uuid primary key default gen_random_uuid(),
  host_id uuid not null references public.profiles (id) on delete cascade,
  session_id uuid references public.collaboration_sessions (id) on delete cascade,
  name text not null,  -- noqa: RF04
  status text not null default 'open' check (status in ('open', 'closed')),
  created_at timestamptz not null default now()
);

create index voice_rooms_host_id_idx on public.voice_rooms (host_id);
create index voice_rooms_session_id_idx on public.voice_rooms (session_id);

alter table public.trending_sounds enable row level security;
alter table public.voice_rooms enable row level security;

revoke all on table public.trending_sounds from anon, authenticated;
grant select on table public.trending_sounds to anon, authenticated;
grant all on table public.trending_sounds to service_role;

revoke all on table public.voice_rooms from anon, authenticated;
grant select on table public.voice_rooms to authenticated;
grant insert (host_id, session_id, name) on table public.voice_rooms to authenticated;
grant update (name, status) on table public.voice_rooms to authenticated;
grant delete on table public.voice_rooms to authenticated;
grant all on table public.voice_rooms to service_role;
