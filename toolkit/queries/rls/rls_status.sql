-- Relations of the exposed schemas and whether row-level security protects them:
-- tables with RLS off, and views that run with their owner's rights (no security_invoker),
-- which bypass the RLS of the tables they read. Parameter: %(schemas)s (text[]).
select
  n.nspname || '.' || c.relname as qualified,
  c.relkind::text as kind,
  c.relrowsecurity as rls_enabled,
  coalesce('security_invoker=true' = any(c.reloptions) or 'security_invoker=on' = any(c.reloptions), false)
    as security_invoker
from pg_catalog.pg_class as c
inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
where
  c.relkind in ('r', 'p', 'v', 'm')
  and n.nspname = any(%(schemas)s)
  and not c.relispartition
  and not exists (
    select 1 from pg_catalog.pg_depend as d
    where d.classid = 'pg_catalog.pg_class'::regclass and d.objid = c.oid and d.deptype = 'e'
  )
order by 1
