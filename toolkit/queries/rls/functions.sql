-- Functions of the exposed schemas that are not part of an extension: identity, whether
-- they are SECURITY DEFINER, their pinned search_path (null: none), whether they are trigger
-- functions, and whether anon / authenticated may execute them (PUBLIC included).
-- Parameter: %(schemas)s (text[]).
select
  n.nspname || '.' || p.proname as qualified_name,
  n.nspname || '.' || p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')'
    as signature,
  p.prosecdef as security_definer,
  (
    select pg_catalog.substr(cfg.setting, 13) from pg_catalog.unnest(p.proconfig) as cfg (setting)
    where cfg.setting like 'search_path=%%'
  ) as search_path,
  p.prorettype = 'pg_catalog.trigger'::regtype as is_trigger,
  has_function_privilege('anon', p.oid, 'EXECUTE') as anon_execute,
  has_function_privilege('authenticated', p.oid, 'EXECUTE') as authenticated_execute
from pg_catalog.pg_proc as p
inner join pg_catalog.pg_namespace as n on p.pronamespace = n.oid
where
  n.nspname = any(%(schemas)s)
  and p.prokind in ('f', 'p')
  and not exists (
    select 1 from pg_catalog.pg_depend as d
    where d.classid = 'pg_catalog.pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e'
  )
order by 2
