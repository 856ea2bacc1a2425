-- A Supabase-faithful cluster, part 3: what the platform sets on the auth service's objects
-- (run as supabase_admin after tests/toolkit/fixtures/supabase_auth.sql).
--
-- What: schema auth, auth.users and auth.identities belong to supabase_auth_admin; RLS is
--   enabled on both tables and no API role (service_role included) has a privilege on
--   them; postgres holds the table privileges Supabase grants it on the auth service's
--   tables (all of them: the platform's image grants postgres ALL on every table of schema
--   auth and on those supabase_auth_admin creates later; TRIGGER included, so it may create
--   a trigger on auth.users, but only the owner may drop one) and USAGE on auth, not CREATE;
--   auth.email() beside uid()/role()/jwt(); schema supabase_migrations with the Supabase
--   CLI's history table, owned by postgres (the CLI creates it as postgres on first push).
-- Who: the test suite only. Why: see project.sql.

set role supabase_auth_admin;

create function auth.email() returns text language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$$;

alter table auth.users enable row level security;
revoke all on table auth.users from public, anon, authenticated, service_role;
grant all on table auth.users to postgres;
alter table auth.identities enable row level security;
revoke all on table auth.identities from public, anon, authenticated, service_role;
grant all on table auth.identities to postgres;
grant usage on schema auth to postgres;

reset role;

set role postgres;

create schema supabase_migrations;
create table supabase_migrations.schema_migrations (
  version text primary key,
  statements text[],
  name text
);

reset role;
