-- Every chain of referential actions that deleting rows of a table of the exposed schemas
-- sets off: ON DELETE CASCADE edges followed transitively, each chain ending at a table
-- whose rows are deleted (cascade) or updated (set null / set default). Referential
-- actions run as the table owner, past row-level security, so the coverage gate checks
-- each chain against what the deleting client role may do at its end.
-- A chain stops when it comes back to a table already on it (a self-reference is
-- reported once). Parameter: %(schemas)s (text[]).
with recursive
edges as (
  select
    k.confrelid as parent,
    k.conrelid as child,
    case k.confdeltype when 'c' then 'delete' else 'update' end as action,
    k.conname::text as constraint_name
  from pg_catalog.pg_constraint as k
  where k.contype = 'f' and k.confdeltype in ('c', 'n', 'd') and k.conparentid = 0
),
chains as (
  select
    e.child,
    e.action,
    array[e.parent, e.child] as tables,
    array[e.constraint_name] as constraint_names,
    e.parent = e.child as closed
  from edges as e
  inner join pg_catalog.pg_class as c on e.parent = c.oid
  inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
  where n.nspname = any(%(schemas)s)
  union all
  select
    e.child,
    e.action,
    ch.tables || e.child,
    ch.constraint_names || e.constraint_name,
    e.child = any(ch.tables)
  from chains as ch
  inner join edges as e on ch.child = e.parent
  where ch.action = 'delete' and not ch.closed
)
select
  array(
    select n.nspname || '.' || c.relname
    from unnest(ch.tables) with ordinality as t (oid, position)
    inner join pg_catalog.pg_class as c on t.oid = c.oid
    inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
    order by t.position
  ) as tables,
  ch.action,
  ch.constraint_names
from chains as ch
order by 1, 2, 3
