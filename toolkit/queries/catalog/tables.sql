-- Tables, views and sequences of user schemas with their RLS flags, options and (views)
-- definitions. Comments are their own kind (comments.sql).
select
  n.nspname || '.' || c.relname as key,
  c.relkind::text as kind,
  c.relrowsecurity as rls_enabled,
  c.relforcerowsecurity as rls_forced,
  coalesce(array_to_string(c.reloptions, ','), '') as options,
  case when c.relkind in ('v', 'm') then pg_catalog.pg_get_viewdef(c.oid, true) else '' end as definition
from pg_catalog.pg_class as c
inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
where
  c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
  and n.nspname not in ('pg_catalog', 'information_schema', 'mashdb')
  and n.nspname not like 'pg\_%'
