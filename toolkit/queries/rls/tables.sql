-- Tables (ordinary and partitioned) of the exposed schemas, as schema.table.
-- Used by toolkit/rls/executed.py to decide what to probe. Parameter: %(schemas)s (text[]).
select n.nspname || '.' || c.relname as qualified
from pg_catalog.pg_class as c
inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
where
  c.relkind in ('r', 'p')
  and n.nspname = any(%(schemas)s)
  and not c.relispartition
order by 1
