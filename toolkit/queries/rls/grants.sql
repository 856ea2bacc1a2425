-- What the client roles (anon, authenticated) may do on each table of the exposed schemas,
-- table-level or through any column grant (PUBLIC and role membership included, as
-- has_*_privilege sees them), plus the columns they may insert or update.
-- Parameter: %(schemas)s (text[]).
select
  n.nspname || '.' || c.relname as qualified,
  r.rolname as role_name,
  array_remove(array[
    case when has_table_privilege(r.oid, c.oid, 'SELECT')
      or has_any_column_privilege(r.oid, c.oid, 'SELECT') then 'select' end,
    case when has_table_privilege(r.oid, c.oid, 'INSERT')
      or has_any_column_privilege(r.oid, c.oid, 'INSERT') then 'insert' end,
    case when has_table_privilege(r.oid, c.oid, 'UPDATE')
      or has_any_column_privilege(r.oid, c.oid, 'UPDATE') then 'update' end,
    case when has_table_privilege(r.oid, c.oid, 'DELETE') then 'delete' end,
    case when has_table_privilege(r.oid, c.oid, 'TRUNCATE') then 'truncate' end,
    case when has_table_privilege(r.oid, c.oid, 'REFERENCES')
      or has_any_column_privilege(r.oid, c.oid, 'REFERENCES') then 'references' end,
    case when has_table_privilege(r.oid, c.oid, 'TRIGGER') then 'trigger' end,
    case when has_table_privilege(r.oid, c.oid, 'MAINTAIN') then 'maintain' end
  ], null) as privileges,
  array(
    select a.attname::text from pg_catalog.pg_attribute as a
    where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      and has_column_privilege(r.oid, c.oid, a.attnum, 'UPDATE')
    order by a.attnum
  ) as update_columns
from pg_catalog.pg_class as c
inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
cross join pg_catalog.pg_roles as r
where
  c.relkind in ('r', 'p', 'v', 'm')
  and n.nspname = any(%(schemas)s)
  and not c.relispartition
  and r.rolname in ('anon', 'authenticated')
order by 1, 2
