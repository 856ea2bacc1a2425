-- The triggers that call a function (what `drop function ... cascade` removes with it),
-- as (schema-qualified table, trigger name).
select
  n.nspname || '.' || c.relname as relation_key,
  t.tgname::text as trigger_name
from pg_catalog.pg_trigger as t
inner join pg_catalog.pg_class as c on t.tgrelid = c.oid
inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
where t.tgfoid = %(oid)s and not t.tgisinternal;
