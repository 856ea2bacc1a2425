-- A Supabase-faithful cluster, part 2: one project database (run as supabase_admin in a
-- template database that every test database is cloned from), before the auth service's
-- objects (tests/toolkit/fixtures/supabase_auth.sql, run by supabase_kit.py as
-- supabase_auth_admin, which owns schema auth) and project_auth.sql after them.
--
-- What: the schemas and grants a fresh Supabase project has before its owner's
--   migrations run:
--   * schema public: postgres may create in it; the API roles may use it; Supabase's
--     default privileges grant every new table, sequence and function in public (created
--     by postgres or supabase_admin) to anon, authenticated and service_role;
--   * schema extensions (owned by supabase_admin, usable by postgres and the API roles),
--     where the dashboard installs extensions; none is installed here;
--   (supabase_kit.py grants CREATE on each database to postgres and to the auth service,
--   as Supabase does: a database's privileges are not copied from its template.)
-- Who: the test suite only. Why: written from the documented facts, so that mashdb is
--   tested against a database as strict as Supabase, not against a superuser's.

grant usage, create on schema public to postgres;
grant usage on schema public to anon, authenticated, service_role;

alter default privileges for role postgres in schema public
grant all on tables to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
grant all on sequences to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
grant all on functions to anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public
grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public
grant all on sequences to postgres, anon, authenticated, service_role;
alter default privileges for role supabase_admin in schema public
grant all on functions to postgres, anon, authenticated, service_role;

create schema extensions;
grant usage on schema extensions to postgres, anon, authenticated, service_role;
grant create on schema extensions to postgres;
