-- Columns: type, default, nullability, identity and generation.
select
  n.nspname || '.' || c.relname || '.' || a.attname as key,
  pg_catalog.format_type(a.atttypid, a.atttypmod) as data_type,
  coalesce(pg_catalog.pg_get_expr(d.adbin, d.adrelid), '') as default_expr,
  a.attnotnull as not_null,
  a.attidentity::text as identity,
  a.attgenerated::text as generated
from pg_catalog.pg_attribute as a
inner join pg_catalog.pg_class as c on a.attrelid = c.oid
inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
left join pg_catalog.pg_attrdef as d on a.attrelid = d.adrelid and a.attnum = d.adnum
where
  a.attnum > 0
  and not a.attisdropped
  and c.relkind in ('r', 'p', 'v', 'm', 'f')
  and n.nspname not in ('pg_catalog', 'information_schema', 'mashdb')
  and n.nspname not like 'pg\_%'
