-- The columns of one table, for drafting its probe rows: name, type, whether an INSERT
-- must give a value (NOT NULL, no default, not identity or generated), whether it is
-- part of the primary key, its enum's first label, and the table it references
-- (single-column foreign keys). Parameter: %(table)s (schema.table).
select
  a.attname as name,
  pg_catalog.format_type(a.atttypid, a.atttypmod) as type,
  t.typcategory as category,
  a.attnotnull and not a.atthasdef and a.attidentity = '' and a.attgenerated = '' as required,
  a.attgenerated <> '' as generated,
  coalesce(a.attnum = any(pk.conkey), false) as in_key,
  (
    select e.enumlabel from pg_catalog.pg_enum as e
    where e.enumtypid = a.atttypid order by e.enumsortorder limit 1
  ) as first_label,
  (
    select rn.nspname || '.' || r.relname || '.' || ra.attname
    from pg_catalog.pg_constraint as fk
    inner join pg_catalog.pg_class as r on fk.confrelid = r.oid
    inner join pg_catalog.pg_namespace as rn on r.relnamespace = rn.oid
    inner join pg_catalog.pg_attribute as ra
      on ra.attrelid = fk.confrelid and ra.attnum = fk.confkey[1]
    where
      fk.conrelid = a.attrelid and fk.contype = 'f'
      and fk.conkey = array[a.attnum]
    limit 1
  ) as refs
from pg_catalog.pg_attribute as a
inner join pg_catalog.pg_type as t on a.atttypid = t.oid
left join pg_catalog.pg_constraint as pk
  on pk.conrelid = a.attrelid and pk.contype = 'p'
where
  a.attrelid = %(table)s::regclass
  and a.attnum > 0
  and not a.attisdropped
order by a.attnum
