-- A schema by name: whether the current role owns it, its owner, and whether the role may
-- create objects in it.
select
  pg_catalog.pg_has_role(n.nspowner, 'USAGE') as owns,
  n.nspowner::regrole::text as owner_name,
  pg_catalog.has_schema_privilege(n.oid, 'CREATE') as may_create
from pg_catalog.pg_namespace as n
where n.nspname = %(name)s;
