-- `mashdb types`: the foreign keys of the given relations (PostgREST's embedding
-- relationships), each with its columns in key order and whether it is one-to-one (its
-- columns are exactly a primary key or unique constraint of the referencing table).
-- Partitions' inherited copies are left out. Parameters: %(relations)s (int8[]).
select
  f.conrelid::int8 as relation_id,
  f.conname as name,
  keys.columns,
  rn.nspname as referenced_schema,
  r.relname as referenced_relation,
  keys.referenced_columns,
  exists (
    select
    from pg_catalog.pg_constraint as u
    where
      u.conrelid = f.conrelid
      and u.contype in ('p', 'u')
      and u.conkey @> f.conkey
      and u.conkey <@ f.conkey
  ) as is_one_to_one
from pg_catalog.pg_constraint as f
inner join pg_catalog.pg_class as r on f.confrelid = r.oid
inner join pg_catalog.pg_namespace as rn on r.relnamespace = rn.oid
cross join lateral (
  select
    array_agg(a.attname::text order by k.ord) as columns,
    array_agg(ra.attname::text order by k.ord) as referenced_columns
  from unnest(f.conkey, f.confkey) with ordinality as k (attnum, referenced_attnum, ord)
  inner join pg_catalog.pg_attribute as a on a.attrelid = f.conrelid and a.attnum = k.attnum
  inner join pg_catalog.pg_attribute as ra on ra.attrelid = f.confrelid and ra.attnum = k.referenced_attnum
) as keys
where
  f.contype = 'f'
  and f.conparentid = 0
  and f.conrelid = any(%(relations)s::int8 []::oid [])
order by f.conrelid, f.conname
