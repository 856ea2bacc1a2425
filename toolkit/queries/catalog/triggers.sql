-- Non-internal triggers with their definitions and enabled state.
select
  n.nspname || '.' || c.relname || '.' || t.tgname as key,
  pg_catalog.pg_get_triggerdef(t.oid, true) as definition,
  t.tgenabled::text as enabled
from pg_catalog.pg_trigger as t
inner join pg_catalog.pg_class as c on t.tgrelid = c.oid
inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
where
  not t.tgisinternal
  and n.nspname not in ('pg_catalog', 'information_schema', 'mashdb')
  and n.nspname not like 'pg\_%'
