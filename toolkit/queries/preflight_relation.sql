-- A relation by (possibly quoted, possibly unqualified) name: its schema-qualified key,
-- whether the current role owns it (or inherits its owner's rights), its owner, the
-- TRIGGER and REFERENCES privileges on it, and its oid. No row when it does not exist.
select
  n.nspname || '.' || c.relname as relation_key,
  pg_catalog.pg_has_role(c.relowner, 'USAGE') as owns,
  c.relowner::regrole::text as owner_name,
  pg_catalog.has_table_privilege(c.oid, 'TRIGGER') as may_trigger,
  pg_catalog.has_table_privilege(c.oid, 'REFERENCES') as may_reference,
  c.oid
from pg_catalog.pg_class as c
inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
where c.oid = pg_catalog.to_regclass(%(name)s);
