-- Before the first migrate: the database's name, and whether the current role may create
-- mashdb's bookkeeping schema (true when it exists already).
select
  pg_catalog.current_database() as database_name,
  pg_catalog.to_regnamespace('mashdb') is not null
  or pg_catalog.has_database_privilege(pg_catalog.current_database(), 'CREATE') as may_create;
