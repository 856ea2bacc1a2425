-- Supabase contract, part 2: the auth schema, auth.users, auth.uid()/role()/jwt()
-- and the default privileges Supabase sets on schema public.
--
-- What: the subset of Supabase's `auth` schema that mashdb's migrations, policies and
--   seed reference: auth.users (with every column GoTrue's user model reads, so a row
--   written here is one GoTrue could sign in), auth.identities (a user's sign-in
--   methods) and the JWT helper functions, defined exactly as Supabase (GoTrue) defines
--   them: they read the
--   `request.jwt.claim.*` settings PostgREST sets, falling back to the
--   `request.jwt.claims` JSON. The test suite impersonates a user with
--   `set local role authenticated` + `set_config('request.jwt.claims', ..., true)`.
-- Who: applied by mashdb as the database owner / superuser, only where auth.uid()
--   does not exist. anon/authenticated/service_role may use schema auth and
--   execute the helpers; none of them has any privilege on auth.users or
--   auth.identities, and RLS is enabled on both, as on Supabase (where only the auth
--   service, supabase_auth_admin, and the project's postgres touch them), so code that
--   reads auth.users as service_role fails here as it would there.
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

-- GoTrue's own columns, with the types, nullability and defaults its migrations leave
-- them with (its initial schema, then the renames email_change_token -> _new and
-- confirmed_at -> email_confirmed_at, the generated confirmed_at, phone as text, the
-- reauthentication, banned_until, is_sso_user and deleted_at additions). Added one by one
-- so that a database bootstrapped before they existed gains them when the bootstrap
-- re-runs. Deliberately as on Supabase: the tokens GoTrue's initial schema created
-- (confirmation_token, recovery_token, email_change_token_new, email_change) are nullable
-- without a default, although GoTrue's user model reads each of them into a plain string
-- and fails on NULL ("converting NULL to string is unsupported", a known Supabase issue
-- with hand-written users); a row that leaves them NULL here is one GoTrue could not sign
-- in there. The later token columns default to ''. The first seven columns above keep
-- the stand-in's defaults (an id, timestamps, empty metadata), which the test suites'
-- hand-made users rely on; on Supabase GoTrue always writes them itself.
alter table auth.users add column if not exists instance_id uuid;
alter table auth.users add column if not exists aud varchar(255);
alter table auth.users add column if not exists role varchar(255);
alter table auth.users add column if not exists encrypted_password varchar(255);
alter table auth.users add column if not exists email_confirmed_at timestamptz;
alter table auth.users add column if not exists invited_at timestamptz;
alter table auth.users add column if not exists confirmation_token varchar(255);
alter table auth.users add column if not exists confirmation_sent_at timestamptz;
alter table auth.users add column if not exists recovery_token varchar(255);
alter table auth.users add column if not exists recovery_sent_at timestamptz;
alter table auth.users add column if not exists email_change_token_new varchar(255);
alter table auth.users add column if not exists email_change varchar(255);
alter table auth.users add column if not exists email_change_sent_at timestamptz;
alter table auth.users add column if not exists last_sign_in_at timestamptz;
alter table auth.users add column if not exists is_super_admin boolean;
alter table auth.users add column if not exists phone text unique default null;
alter table auth.users add column if not exists phone_confirmed_at timestamptz;
alter table auth.users add column if not exists phone_change text default '';
alter table auth.users add column if not exists phone_change_token varchar(255) default '';
alter table auth.users add column if not exists phone_change_sent_at timestamptz;
alter table auth.users add column if not exists confirmed_at timestamptz
generated always as (least(email_confirmed_at, phone_confirmed_at)) stored;
alter table auth.users add column if not exists email_change_token_current varchar(255) default '';
alter table auth.users add column if not exists email_change_confirm_status smallint default 0
check (email_change_confirm_status >= 0 and email_change_confirm_status <= 2);
alter table auth.users add column if not exists banned_until timestamptz;
alter table auth.users add column if not exists reauthentication_token varchar(255) default '';
alter table auth.users add column if not exists reauthentication_sent_at timestamptz;
alter table auth.users add column if not exists is_sso_user boolean not null default false;
alter table auth.users add column if not exists deleted_at timestamptz;

-- A user's sign-in methods, as GoTrue's migrations leave the table (created with a text
-- id, which became provider_id when a uuid primary key was added; email a generated,
-- lower-cased copy of identity_data's). GoTrue creates one with provider 'email' and
-- provider_id the user's id for every user who signs up by email, loads a user's
-- identities with the user, derives app_metadata's provider(s) from them and finds an
-- email's existing accounts through them.
create table if not exists auth.identities (
  provider_id text not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  identity_data jsonb not null,
  provider text not null,  -- noqa: RF04
  last_sign_in_at timestamptz,
  created_at timestamptz,
  updated_at timestamptz,
  email text generated always as (lower(identity_data ->> 'email')) stored,
  id uuid primary key default gen_random_uuid(),
  constraint identities_provider_id_provider_unique unique (provider_id, provider)
);

create index if not exists identities_user_id_idx on auth.identities (user_id);
create index if not exists identities_email_idx on auth.identities (email text_pattern_ops);

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
alter table auth.identities enable row level security;
revoke all on table auth.identities from public, anon, authenticated, service_role;

-- Supabase's default privileges on schema public (for objects created by the
-- role running the migrations): permissive on purpose; migrations narrow them.
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
