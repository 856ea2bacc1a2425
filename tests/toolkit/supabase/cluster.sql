-- A Supabase-faithful cluster, part 1: the cluster-wide roles (run once per cluster as
-- the bootstrap superuser supabase_admin).
--
-- What: the roles a Supabase project has and the attributes that matter to mashdb:
--   postgres is the role project migrations run as and is NOT a superuser (NOSUPERUSER
--   CREATEDB CREATEROLE LOGIN REPLICATION BYPASSRLS); it administers the API roles (ADMIN
--   OPTION on anon/authenticated/service_role) but is not a member of the platform's
--   service roles (supabase_auth_admin owns schema auth, supabase_storage_admin storage).
--   anon and authenticated get Supabase's statement timeouts (3s, 8s); postgres and the
--   API roles find extensions in schema `extensions` through their search_path.
-- Who: the test suite (tests/toolkit/supabase/conftest.py), never a real project.
-- Why: roles are cluster-wide and PostgreSQL refuses to demote its bootstrap superuser,
--   so this runs on a throwaway cluster initialised with supabase_admin as that superuser.
--   Written from the documented facts of a Supabase project, not copied from its SQL.

create role postgres nosuperuser createdb createrole login replication bypassrls;

create role anon nologin noinherit;
create role authenticated nologin noinherit;
create role service_role nologin noinherit bypassrls;
create role authenticator login noinherit;
grant anon, authenticated, service_role to authenticator;

create role supabase_auth_admin noinherit createrole login noreplication;
create role supabase_storage_admin noinherit createrole login noreplication;

grant anon, authenticated, service_role to postgres with admin option;

alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';

alter role postgres set search_path = "$user", public, extensions;
alter role anon set search_path = "$user", public, extensions;
alter role authenticated set search_path = "$user", public, extensions;
alter role service_role set search_path = "$user", public, extensions;
alter role authenticator set search_path = "$user", public, extensions;
alter role supabase_auth_admin set search_path = auth;
