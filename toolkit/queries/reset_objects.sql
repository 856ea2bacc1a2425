-- The DROP statements of `mashdb reset`: every table, view, sequence, function, procedure,
-- aggregate, type and domain in the schemas given (%(schemas)s, a text array) that no
-- extension owns. Each is `if exists ... cascade`, so their order does not matter for
-- correctness (a cascade may already have taken a later one); views come first and
-- sequences last only to keep the cascades short. Functions cascade to the triggers that
-- call them, on whichever table (auth.users' sign-up trigger included). Run with an empty
-- search_path so every name comes out schema-qualified.
with objects as (
  select
    case when c.relkind in ('v', 'm') then 0 when c.relkind = 'S' then 3 else 1 end as ord,
    format(
      'drop %%s if exists %%s cascade',
      case c.relkind
        when 'v' then 'view'
        when 'm' then 'materialized view'
        when 'f' then 'foreign table'
        when 'S' then 'sequence'
        else 'table'
      end,
      c.oid::regclass
    ) as stmt,
    'pg_catalog.pg_class'::regclass as classid,
    c.oid
  from pg_catalog.pg_class as c
  inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
  where n.nspname = any(%(schemas)s::text []) and c.relkind in ('r', 'p', 'f', 'v', 'm', 'S')
  union all
  select
    2,
    format(
      'drop %%s if exists %%s cascade',
      case p.prokind when 'p' then 'procedure' when 'a' then 'aggregate' else 'function' end,
      p.oid::regprocedure
    ),
    'pg_catalog.pg_proc'::regclass,
    p.oid
  from pg_catalog.pg_proc as p
  inner join pg_catalog.pg_namespace as n on p.pronamespace = n.oid
  where n.nspname = any(%(schemas)s::text [])
  union all
  select
    2,
    format(
      'drop %%s if exists %%s cascade', case t.typtype when 'd' then 'domain' else 'type' end,
      t.oid::regtype
    ),
    'pg_catalog.pg_type'::regclass,
    t.oid
  from pg_catalog.pg_type as t
  inner join pg_catalog.pg_namespace as n on t.typnamespace = n.oid
  left join pg_catalog.pg_class as r on t.typrelid = r.oid
  where
    n.nspname = any(%(schemas)s::text [])
    and t.typtype in ('c', 'd', 'e', 'r')
    and (t.typrelid = 0 or r.relkind = 'c')
)

select o.stmt
from objects as o
where not exists (
  select 1
  from pg_catalog.pg_depend as d
  where d.classid = o.classid and d.objid = o.oid and d.deptype = 'e'
)
order by o.ord, o.stmt
