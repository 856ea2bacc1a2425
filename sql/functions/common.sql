-- Shared trigger functions.
--
-- What: public.set_updated_at(), a BEFORE UPDATE row trigger function that
--   stamps updated_at = now(), so clients never need (nor get) a grant on updated_at.
-- Who: fired by triggers only; nobody calls it directly (execute revoked from
--   everyone; PostgreSQL does not check EXECUTE when a trigger fires). The
--   triggers that use it live in the domain function files
--   (functions/profiles.sql, functions/mashups.sql), because migrations run
--   before repeatables.
-- Why: SECURITY INVOKER (it only touches NEW) with a pinned search_path.
--
-- requires: 0001_profiles

create or replace function public.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := pg_catalog.now();
  return new;
end;
$$;

comment on function public.set_updated_at() is 'BEFORE UPDATE trigger function: sets NEW.updated_at to now().';

revoke execute on function public.set_updated_at() from public, anon, authenticated;
