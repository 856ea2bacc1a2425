-- 0999_playlists: playlists of mashups (the review tests' feature branch; not a real migration).
--
-- What: public.playlists (owned by a user, public or private) and
--   public.playlist_items (the mashups on a playlist, in order).
-- Who: a playlist is readable by anyone when public, else by its owner; only the owner
--   changes it and its items. Policies: sql/policies/{playlists,playlist_items}.sql.
-- Why: writes are granted per column so clients cannot forge ids or created_at; every
--   column a policy filters on is indexed.
--
-- depends: 0003_mashup_social

create table public.playlists (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null references public.profiles (id) on delete cascade,
  title text not null check (length(title) between 1 and 200),
  is_public boolean not null default false,
  created_at timestamptz not null default now()
);

create index playlists_owner_id_idx on public.playlists (owner_id);

comment on table public.playlists is 'A user''s list of mashups; public ones are readable by anyone.';
comment on column public.playlists.is_public is 'Readable by anyone (anon too) when true.';

create table public.playlist_items (
  playlist_id uuid not null references public.playlists (id) on delete cascade,
  mashup_id uuid not null references public.mashups (id) on delete cascade,
  sort_order integer not null check (sort_order >= 0),
  added_at timestamptz not null default now(),
  primary key (playlist_id, mashup_id)
);

create index playlist_items_mashup_id_idx on public.playlist_items (mashup_id);

alter table public.playlists enable row level security;
alter table public.playlist_items enable row level security;

revoke all on table public.playlists from anon, authenticated;
grant select on table public.playlists to anon, authenticated;
grant insert (owner_id, title, is_public) on table public.playlists to authenticated;
grant update (title, is_public) on table public.playlists to authenticated;
grant delete on table public.playlists to authenticated;
grant all on table public.playlists to service_role;

revoke all on table public.playlist_items from anon, authenticated;
grant select on table public.playlist_items to anon, authenticated;
grant insert (playlist_id, mashup_id, sort_order) on table public.playlist_items to authenticated;
grant update (sort_order) on table public.playlist_items to authenticated;
grant delete on table public.playlist_items to authenticated;
grant all on table public.playlist_items to service_role;
