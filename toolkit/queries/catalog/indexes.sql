-- Indexes with their definitions (includes those backing constraints).
select
  n.nspname || '.' || ic.relname as key,
  n.nspname || '.' || tc.relname as table_name,
  pg_catalog.pg_get_indexdef(i.indexrelid) as definition,
  i.indisvalid as valid
from pg_catalog.pg_index as i
inner join pg_catalog.pg_class as ic on i.indexrelid = ic.oid
inner join pg_catalog.pg_class as tc on i.indrelid = tc.oid
inner join pg_catalog.pg_namespace as n on ic.relnamespace = n.oid
where
  n.nspname not in ('pg_catalog', 'information_schema', 'mashdb')
  and n.nspname not like 'pg\_%'
