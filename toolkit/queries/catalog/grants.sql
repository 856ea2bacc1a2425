-- Privileges on tables (and views), sequences, columns, functions (not extension members)
-- and schemas, one row per grantee and privilege: `kind:object:grantee:privilege`.
select
  case when c.relkind = 'S' then 'sequence:' else 'table:' end
  || n.nspname || '.' || c.relname || ':' || g.grantee_role || ':' || acl.privilege_type as key
from pg_catalog.pg_class as c
inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
cross join lateral pg_catalog.aclexplode(
  -- a sequence's default privileges are its own (SELECT, UPDATE, USAGE), not a table's
  coalesce(c.relacl, pg_catalog.acldefault((case when c.relkind = 'S' then 's' else 'r' end)::"char", c.relowner))
) as acl
cross join lateral (
  select case when acl.grantee = 0 then 'public' else acl.grantee::regrole::text end as grantee_role
) as g
where
  c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
  and n.nspname not in ('pg_catalog', 'information_schema', 'mashdb')
  and n.nspname not like 'pg\_%'
union all
select
  'column:' || n.nspname || '.' || c.relname || '.' || a.attname || ':'
  || case when acl.grantee = 0 then 'public' else acl.grantee::regrole::text end || ':' || acl.privilege_type
from pg_catalog.pg_attribute as a
inner join pg_catalog.pg_class as c on a.attrelid = c.oid
inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
cross join lateral pg_catalog.aclexplode(a.attacl) as acl
where
  a.attacl is not null
  and n.nspname not in ('pg_catalog', 'information_schema', 'mashdb')
  and n.nspname not like 'pg\_%'
union all
select
  'function:' || n.nspname || '.' || p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || '):'
  || case when acl.grantee = 0 then 'public' else acl.grantee::regrole::text end || ':' || acl.privilege_type
from pg_catalog.pg_proc as p
inner join pg_catalog.pg_namespace as n on p.pronamespace = n.oid
cross join lateral pg_catalog.aclexplode(coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner))) as acl
where
  n.nspname not in ('pg_catalog', 'information_schema', 'mashdb')
  and n.nspname not like 'pg\_%'
  -- functions owned by an extension (pgvector's operators) are the extension's business
  and not exists (
    select 1 from pg_catalog.pg_depend as d
    where d.classid = 'pg_catalog.pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e'
  )
union all
select
  'schema:' || n.nspname || ':'
  || case when acl.grantee = 0 then 'public' else acl.grantee::regrole::text end || ':' || acl.privilege_type
from pg_catalog.pg_namespace as n
cross join lateral pg_catalog.aclexplode(coalesce(n.nspacl, pg_catalog.acldefault('n', n.nspowner))) as acl
where
  n.nspname not in ('pg_catalog', 'information_schema', 'mashdb')
  and n.nspname not like 'pg\_%'
