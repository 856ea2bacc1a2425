-- Supabase contract, part 1: the API roles.
--
-- What: creates the roles PostgREST/Supabase switch into — anon (no JWT),
--   authenticated (signed-in user), service_role (trusted backend, BYPASSRLS)
--   and authenticator (the login role PostgREST connects as, NOINHERIT, may
--   only `set role` into the three API roles).
-- Who: applied by mashdb as the database owner / superuser, only on a database
--   where auth.uid() does not exist yet (never on a real Supabase project).
-- Why: roles are cluster-wide and many databases on one server get
--   bootstrapped (test templates, parallel CI), so every create is guarded:
--   it is skipped when the role exists, and a concurrent bootstrap that wins the
--   race (duplicate_object / unique_violation) is not an error either.
--   Attributes mirror Supabase: anon/authenticated/service_role NOLOGIN,
--   service_role BYPASSRLS, authenticator LOGIN NOINHERIT without a password;
--   statement_timeout 3s for anon and 8s for authenticated, which PostgREST
--   applies per request (set only when different; a role that may not alter
--   them leaves them with a notice).

do $roles$
declare
  role_spec record;
  member_of record;
  timeout record;
begin
  for role_spec in
    select r.role_name, r.role_options
    from (
      values
        ('anon', 'nologin noinherit'),
        ('authenticated', 'nologin noinherit'),
        ('service_role', 'nologin noinherit bypassrls'),
        ('authenticator', 'login noinherit')
    ) as r (role_name, role_options)
  loop
    if not exists (select 1 from pg_catalog.pg_roles where rolname = role_spec.role_name) then
      begin
        execute format('create role %I %s', role_spec.role_name, role_spec.role_options);
      exception
        when duplicate_object or unique_violation then
          -- another database's bootstrap created it concurrently: fine.
          null;
      end;
    end if;
  end loop;

  -- PostgREST logs in as authenticator and switches to the role the JWT names.
  for member_of in
    select r.role_name from (values ('anon'), ('authenticated'), ('service_role')) as r (role_name)
  loop
    if not exists (
      select 1
      from pg_catalog.pg_auth_members as m
      where
        m.roleid = member_of.role_name::regrole
        and m.member = 'authenticator'::regrole
    ) then
      begin
        execute format('grant %I to authenticator', member_of.role_name);
      exception
        when duplicate_object or unique_violation then
          null;
      end;
    end if;
  end loop;

  for timeout in
    select t.role_name, t.setting
    from (values ('anon', '3s'), ('authenticated', '8s')) as t (role_name, setting)
  loop
    if not exists (
      select 1
      from pg_catalog.pg_db_role_setting as s
      where
        s.setrole = timeout.role_name::regrole
        and s.setdatabase = 0
        and ('statement_timeout=' || timeout.setting) = any(s.setconfig)
    ) then
      begin
        execute format(
          'alter role %I set statement_timeout = %L', timeout.role_name, timeout.setting
        );
      exception
        when insufficient_privilege then
          raise notice 'statement_timeout of % not set: the role lacks the privilege',
          timeout.role_name;
        when internal_error then
          -- "tuple concurrently updated": another database's bootstrap set it just now.
          null;
      end;
    end if;
  end loop;
end
$roles$;
