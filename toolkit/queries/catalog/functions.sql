-- Functions and procedures: identity, security, volatility, config (search_path) and body.
select
  n.nspname || '.' || p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')' as key,
  pg_catalog.pg_get_function_result(p.oid) as result,
  l.lanname as language,
  p.prosecdef as security_definer,
  p.provolatile::text as volatility,
  coalesce(array_to_string(p.proconfig, ','), '') as config,
  p.prosrc as body
from pg_catalog.pg_proc as p
inner join pg_catalog.pg_namespace as n on p.pronamespace = n.oid
inner join pg_catalog.pg_language as l on p.prolang = l.oid
left join pg_catalog.pg_depend as dep
  on dep.classid = 'pg_catalog.pg_proc'::regclass and p.oid = dep.objid and dep.deptype = 'e'
where
  n.nspname not in ('pg_catalog', 'information_schema', 'mashdb')
  and n.nspname not like 'pg\_%'
  and dep.objid is null
