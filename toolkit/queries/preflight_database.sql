-- Whether the current role may create schemas in the current database.
select pg_catalog.has_database_privilege(pg_catalog.current_database(), 'CREATE') as may_create;
