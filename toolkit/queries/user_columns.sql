-- Every column of every ordinary table outside the system and bookkeeping schemas.
-- The rollback data-loss guard compares this before and after a rollback step (in a
-- savepoint that is then rolled back) to learn which tables and columns the step drops.
select
  n.nspname::text as schema_name,
  c.relname::text as table_name,
  a.attname::text as column_name
from pg_catalog.pg_class as c
inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
inner join pg_catalog.pg_attribute as a on c.oid = a.attrelid and a.attnum > 0 and not a.attisdropped
where
  c.relkind in ('r', 'p')
  and not c.relispartition
  and n.nspname not in ('pg_catalog', 'information_schema', 'mashdb')
  and n.nspname not like 'pg\_toast%'
  and n.nspname not like 'pg\_temp%'
