-- `mashdb types`: the columns of the given relations with what the generated Row, Insert
-- and Update types need: the type (a domain's base type), nullability, default, identity,
-- generation, and whether any of the given roles may select, insert or update the column
-- (mashdb grants insert and update column by column). Parameters: %(relations)s (int8[]),
-- %(roles)s (text[]).
select
  a.attrelid::int8 as relation_id,
  a.attname as name,
  coalesce(bt.oid, t.oid)::int8 as type_id,
  not (a.attnotnull or (t.typtype = 'd' and t.typnotnull)) as is_nullable,
  (a.atthasdef or (t.typtype = 'd' and t.typdefault is not null)) as has_default,
  a.attidentity::text as identity_kind,
  a.attgenerated::text as generated_kind,
  (c.relkind in ('r', 'p') or pg_catalog.pg_column_is_updatable(c.oid, a.attnum, false)) as is_updatable,
  privileges.can_select,
  privileges.can_insert,
  privileges.can_update
from pg_catalog.pg_attribute as a
inner join pg_catalog.pg_class as c on a.attrelid = c.oid
inner join pg_catalog.pg_type as t on a.atttypid = t.oid
left join pg_catalog.pg_type as bt on t.typtype = 'd' and t.typbasetype = bt.oid
cross join lateral (
  select
    bool_or(pg_catalog.has_column_privilege(r.role_name, a.attrelid, a.attnum, 'select')) as can_select,
    bool_or(pg_catalog.has_column_privilege(r.role_name, a.attrelid, a.attnum, 'insert')) as can_insert,
    bool_or(pg_catalog.has_column_privilege(r.role_name, a.attrelid, a.attnum, 'update')) as can_update
  from unnest(%(roles)s::text []) as r (role_name)
) as privileges
where
  a.attrelid = any(%(relations)s::int8 []::oid [])
  and a.attnum > 0
  and not a.attisdropped
order by a.attrelid, a.attname
