-- `mashdb types`: every data type a column, argument or result may name, with what the
-- TypeScript mapping needs: its kind (b base, c composite, d domain, e enum, p pseudo, r
-- range, m multirange), an array's element type, a domain's base type, a row type's
-- relation and that relation's kind (c for a free-standing composite type), an enum's
-- labels in order and a composite type's attributes in order.
select
  t.oid::int8 as id,
  n.nspname as schema_name,
  t.typname as name,
  t.typtype::text as kind,
  case when t.typelem <> 0 and t.typlen = -1 then t.typelem::int8 end as element_id,
  case when t.typtype = 'd' then t.typbasetype::int8 end as base_id,
  nullif(t.typrelid, 0)::int8 as relation_id,
  coalesce(c.relkind::text, '') as relation_kind,
  array(
    select e.enumlabel::text
    from pg_catalog.pg_enum as e
    where e.enumtypid = t.oid
    order by e.enumsortorder
  ) as labels,
  array(
    select a.attname::text
    from pg_catalog.pg_attribute as a
    where a.attrelid = c.oid and c.relkind = 'c' and a.attnum > 0 and not a.attisdropped
    order by a.attnum
  ) as attribute_names,
  array(
    select a.atttypid::int8
    from pg_catalog.pg_attribute as a
    where a.attrelid = c.oid and c.relkind = 'c' and a.attnum > 0 and not a.attisdropped
    order by a.attnum
  ) as attribute_types
from pg_catalog.pg_type as t
inner join pg_catalog.pg_namespace as n on t.typnamespace = n.oid
left join pg_catalog.pg_class as c on t.typrelid = c.oid
where
  n.nspname not like 'pg\_toast%'
  and n.nspname not like 'pg\_temp%'
