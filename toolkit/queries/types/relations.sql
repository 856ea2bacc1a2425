-- `mashdb types`: the tables, views, materialized views and foreign tables of the given
-- schemas that at least one of the given roles may reach (a table or column privilege),
-- as PostgREST serves them to those roles. Parameters: %(schemas)s, %(roles)s (text[]).
-- `is_updatable`: a view the rules of auto-updatable views let one insert into and update.
select
  c.oid::int8 as id,
  n.nspname as schema_name,
  c.relname as name,
  c.relkind::text as kind,
  (pg_catalog.pg_relation_is_updatable(c.oid, false) & 20) = 20 as is_updatable
from pg_catalog.pg_class as c
inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
where
  n.nspname = any(%(schemas)s::text [])
  and c.relkind in ('r', 'p', 'v', 'm', 'f')
  and not c.relispartition
  and exists (
    select
    from unnest(%(roles)s::text []) as r (role_name)
    where
      pg_catalog.has_table_privilege(r.role_name, c.oid, 'select, insert, update, delete')
      or pg_catalog.has_any_column_privilege(r.role_name, c.oid, 'select, insert, update')
  )
order by n.nspname, c.relname
