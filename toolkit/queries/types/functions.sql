-- `mashdb types`: the functions of the given schemas that at least one of the given roles
-- may execute, as PostgREST's /rpc serves them: plain functions only (no procedures or
-- aggregates), none that returns a trigger, none that belongs to an extension (pgvector's
-- operators and casts are not the project's API). Arguments come as parallel arrays over
-- every argument (modes i in, o out, b inout, v variadic, t returns-table column); the last
-- `default_count` input arguments have defaults. Parameters: %(schemas)s, %(roles)s (text[]).
select
  p.oid::int8 as id,
  n.nspname as schema_name,
  p.proname as name,
  pg_catalog.pg_get_function_arguments(p.oid) as arguments,
  pg_catalog.pg_get_function_result(p.oid) as result,
  p.prorettype::int8 as return_type_id,
  p.proretset as returns_set,
  case when p.proretset then nullif(p.prorows, 0) end as estimated_rows,
  coalesce(p.proargmodes::text [], array_fill('i'::text, array[p.pronargs::int])) as arg_modes,
  coalesce(
    p.proargnames,
    array_fill(''::text, array[cardinality(coalesce(p.proallargtypes, p.proargtypes::oid []))])
  ) as arg_names,
  coalesce(p.proallargtypes, p.proargtypes::oid [])::int8 [] as arg_types,
  p.pronargdefaults::int as default_count
from pg_catalog.pg_proc as p
inner join pg_catalog.pg_namespace as n on p.pronamespace = n.oid
where
  n.nspname = any(%(schemas)s::text [])
  and p.prokind = 'f'
  and p.prorettype not in ('pg_catalog.trigger'::regtype, 'pg_catalog.event_trigger'::regtype)
  and not exists (
    select
    from pg_catalog.pg_depend as d
    where d.classid = 'pg_catalog.pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e'
  )
  and exists (
    select
    from unnest(%(roles)s::text []) as r (role_name)
    where pg_catalog.has_function_privilege(r.role_name, p.oid, 'execute')
  )
order by n.nspname, p.proname, pg_catalog.pg_get_function_arguments(p.oid)
