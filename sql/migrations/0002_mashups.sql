-- 0002_mashups: the mashups themselves.
--
-- What: public.mashups with visibility (public/unlisted/private), status
--   (draft/published) and server-maintained counters (play_count, like_count).
-- Who: anyone (anon included) reads published public/unlisted mashups; the
--   creator reads all own mashups and inserts/updates/deletes own rows.
--   Policies: sql/policies/mashups.sql; the visibility helpers other tables'
--   policies use (can_view_mashup, is_mashup_creator): sql/functions/mashups.sql.
-- Why: counters must not be user-writable, so insert/update are granted per
--   column and play_count/like_count/created_at/updated_at are left out; the
--   (creator_id, created_at) index serves the creator policies and the tier
--   check that counts a creator's mashups this month; the (status, visibility,
--   published_at) index serves the public-feed policy predicate.
--
-- depends: 0001_profiles

create table public.mashups (
  id uuid primary key default gen_random_uuid(),
  creator_id uuid not null references public.profiles (id) on delete cascade,
  title text not null,
  description text,
  genre text,
  tags text[] not null default '{}',
  audio_url text,
  cover_url text,
  duration_seconds integer check (duration_seconds >= 0),
  visibility text not null default 'public' check (visibility in ('public', 'unlisted', 'private')),
  status text not null default 'draft' check (status in ('draft', 'published')),
  play_count integer not null default 0,
  like_count integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  published_at timestamptz
);

comment on table public.mashups is 'A mashup; visible to everyone once published as public/unlisted, else to its creator only.';

create index mashups_creator_id_created_at_idx on public.mashups (creator_id, created_at);
create index mashups_status_visibility_published_at_idx on public.mashups (status, visibility, published_at desc);

alter table public.mashups enable row level security;

revoke all on table public.mashups from anon, authenticated;
grant select on table public.mashups to anon, authenticated;
grant insert (
  creator_id, title, description, genre, tags, audio_url, cover_url,
  duration_seconds, visibility, status, published_at
) on table public.mashups to authenticated;
grant update (
  title, description, genre, tags, audio_url, cover_url,
  duration_seconds, visibility, status, published_at
) on table public.mashups to authenticated;
grant delete on table public.mashups to authenticated;
grant all on table public.mashups to service_role;
