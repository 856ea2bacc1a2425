-- Default privileges (ALTER DEFAULT PRIVILEGES), one row per owner, schema, kind and grantee.
select
  d.defaclrole::regrole::text || ':' || coalesce(n.nspname, '*') || ':' || d.defaclobjtype::text || ':'
  || case when acl.grantee = 0 then 'public' else acl.grantee::regrole::text end || ':' || acl.privilege_type as key
from pg_catalog.pg_default_acl as d
left join pg_catalog.pg_namespace as n on d.defaclnamespace = n.oid
cross join lateral pg_catalog.aclexplode(d.defaclacl) as acl
