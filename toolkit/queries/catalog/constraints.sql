-- Table constraints with their full definitions.
select
  n.nspname || '.' || c.relname || '.' || con.conname as key,
  con.contype::text as kind,
  pg_catalog.pg_get_constraintdef(con.oid, true) as definition
from pg_catalog.pg_constraint as con
inner join pg_catalog.pg_class as c on con.conrelid = c.oid
inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
where
  n.nspname not in ('pg_catalog', 'information_schema', 'mashdb')
  and n.nspname not like 'pg\_%'
