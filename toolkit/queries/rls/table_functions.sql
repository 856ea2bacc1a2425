-- Functions of the exposed schemas (not from an extension) whose body names one table,
-- as `mashdb policies --table` shows them: signature and whether SECURITY DEFINER.
-- Parameters: %(schemas)s (text[]), %(name)s (the table's name, unqualified).
select
  n.nspname || '.' || p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')'
    as signature,
  p.prosecdef as security_definer
from pg_catalog.pg_proc as p
inner join pg_catalog.pg_namespace as n on p.pronamespace = n.oid
where
  n.nspname = any(%(schemas)s)
  and p.prokind in ('f', 'p')
  and p.prosrc ~* ('\m' || %(name)s || '\M')
  and not exists (
    select 1 from pg_catalog.pg_depend as d
    where d.classid = 'pg_catalog.pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e'
  )
order by 1
