-- What mashdb needs to know about a database before planning, read-only: it creates nothing,
-- so `mashdb status` works for a role without CREATE privilege.
select
  to_regclass('mashdb._yoyo_migration') is not null as has_yoyo,
  to_regclass('mashdb.repeatables') is not null as has_repeatables,
  to_regprocedure('auth.uid()') is not null as has_auth_uid,
  to_regclass('supabase_migrations.schema_migrations') is not null as has_supabase_history,
  current_setting('server_version') as server_version,
  current_database() as database,
  current_user as role_name
