-- Supabase contract, part 2: the auth schema, auth.users, auth.uid()/role()/jwt()
-- and the default privileges Supabase sets on schema public.
--
-- What: the subset of Supabase's `auth` schema that mashdb's migrations and
--   policies reference: auth.users (columns the schema uses) and the JWT helper
--   functions, defined exactly as Supabase (GoTrue) defines them: they read the
--   `request.jwt.claim.*` settings PostgREST sets, falling back to the
--   `request.jwt.claims` JSON. The test suite impersonates a user with
--   `set local role authenticated` + `set_config('request.jwt.claims', ..., true)`.
-- Who: applied by mashdb as the database owner / superuser, only where auth.uid()
--   does not exist. anon/authenticated/service_role may use schema auth and
--   execute the helpers; none of them has any privilege on auth.users, and RLS is
--   enabled on it, as on Supabase (where only the auth service, supabase_auth_admin,
--   and the project's postgres touch it), so code that reads auth.users as
--   service_role fails here as it would there.
-- Why: the default privileges are deliberately as permissive as Supabase's
--   (every new table/sequence/function in public is granted to the API roles);
--   each migration therefore revokes from anon/authenticated what it does not
--   mean to grant, so the migrations behave the same here and on Supabase.
--   PostgreSQL 15+ already revokes `create` on schema public from PUBLIC.

create schema if not exists auth;

create table if not exists auth.users (
  id uuid primary key default gen_random_uuid(),
  email text,
  raw_user_meta_data jsonb default '{}'::jsonb,
  raw_app_meta_data jsonb default '{}'::jsonb,
  is_anonymous boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create or replace function auth.uid()
returns uuid
language sql
stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

create or replace function auth.role()
returns text
language sql
stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

create or replace function auth.email()
returns text
language sql
stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$$;

create or replace function auth.jwt()
returns jsonb
language sql
stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

comment on function auth.uid() is 'Supabase contract: the JWT subject (user id) of the current request, or null.';
comment on function auth.role() is 'Supabase contract: the JWT role claim of the current request, or null.';
comment on function auth.email() is 'Supabase contract: the JWT email claim of the current request, or null.';
comment on function auth.jwt() is 'Supabase contract: all JWT claims of the current request as jsonb, or null.';

grant usage on schema public to anon, authenticated, service_role;
grant usage on schema auth to anon, authenticated, service_role;

grant execute on function auth.uid() to anon, authenticated, service_role;
grant execute on function auth.role() to anon, authenticated, service_role;
grant execute on function auth.email() to anon, authenticated, service_role;
grant execute on function auth.jwt() to anon, authenticated, service_role;

alter table auth.users enable row level security;
revoke all on table auth.users from public, anon, authenticated, service_role;

-- Supabase's default privileges on schema public (for objects created by the
-- role running the migrations): permissive on purpose; migrations narrow them.
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
