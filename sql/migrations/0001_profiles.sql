-- 0001_profiles: one public profile per auth user.
--
-- What: public.profiles, keyed by auth.users(id); deleting the auth user
--   deletes the profile (and, through later foreign keys, everything the user owns).
-- Who: anyone (anon included) reads profiles; a signed-in user updates the
--   display columns of their own row only. Nobody inserts or deletes from a
--   client: the on_auth_user_created trigger (sql/functions/profiles.sql) creates
--   the row, and deletion cascades from auth.users.
-- Why: `id` is not in the update grant, so a user cannot re-key a profile;
--   `updated_at` is maintained by the set_updated_at trigger
--   (sql/functions/profiles.sql), not by clients. Policies: sql/policies/profiles.sql.

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  username text unique,
  display_name text,
  avatar_url text,
  bio text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

comment on table public.profiles is 'Public profile of an auth user; created by the on_auth_user_created trigger.';

alter table public.profiles enable row level security;

revoke all on table public.profiles from anon, authenticated;
grant select on table public.profiles to anon, authenticated;
grant update (username, display_name, avatar_url, bio) on table public.profiles to authenticated;
grant all on table public.profiles to service_role;
