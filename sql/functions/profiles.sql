-- Profile creation on sign-up and profile bookkeeping triggers.
--
-- What: public.handle_new_user(), fired AFTER INSERT on auth.users by the
--   on_auth_user_created trigger, creates the user's public.profiles row from
--   the sign-up metadata (username, display_name / full_name / name,
--   avatar_url); profiles_set_updated_at keeps profiles.updated_at current.
-- Who: fired by the auth service's insert into auth.users (any role); never
--   called directly (execute revoked from everyone; it returns trigger, so it
--   cannot be called outside a trigger anyway).
-- Why: SECURITY DEFINER because clients have no insert grant on profiles;
--   search_path is pinned to pg_catalog, pg_temp and every name is qualified. A username that
--   is already taken must not make sign-up fail: the profile is then created
--   without a username, which the user can set later.
--   On Supabase auth.users belongs to supabase_auth_admin: the migrating role
--   (postgres) holds TRIGGER on it, so it may create this trigger, but only the
--   table's owner may DROP TRIGGER. mashdb therefore removes the trigger with its
--   function (drop function public.handle_new_user() cascade: ownership of the
--   function suffices); keep the trigger and its function in this one file.
--
-- requires: 0001_profiles
-- depends: functions/common.sql

create or replace function public.handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  meta jsonb := coalesce(new.raw_user_meta_data, '{}'::jsonb);
  wanted_username text := nullif(pg_catalog.btrim(meta ->> 'username'), '');
  wanted_display_name text := coalesce(
    nullif(pg_catalog.btrim(meta ->> 'display_name'), ''),
    nullif(pg_catalog.btrim(meta ->> 'full_name'), ''),
    nullif(pg_catalog.btrim(meta ->> 'name'), '')
  );
  wanted_avatar_url text := nullif(pg_catalog.btrim(meta ->> 'avatar_url'), '');
begin
  begin
    insert into public.profiles (id, username, display_name, avatar_url)
    values (new.id, wanted_username, wanted_display_name, wanted_avatar_url);
  exception
    when unique_violation then
      -- the requested username is taken: create the profile without one.
      insert into public.profiles (id, username, display_name, avatar_url)
      values (new.id, null, wanted_display_name, wanted_avatar_url)
      on conflict (id) do nothing;
  end;
  return new;
end;
$$;

comment on function public.handle_new_user() is
'AFTER INSERT trigger on auth.users: creates the public.profiles row of a new user.';

revoke execute on function public.handle_new_user() from public, anon, authenticated;

create or replace trigger on_auth_user_created
after insert on auth.users
for each row execute function public.handle_new_user();

create or replace trigger profiles_set_updated_at
before update on public.profiles
for each row execute function public.set_updated_at();
