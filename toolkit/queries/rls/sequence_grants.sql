-- Sequences of the exposed schemas on which a client role (anon, authenticated) holds any
-- privilege (PUBLIC and role membership included): USAGE/UPDATE let a client call
-- nextval/setval and move an identity sequence under every later insert. Clients never
-- need one (identity columns draw values without a privilege check).
-- Parameter: %(schemas)s (text[]).
select
  n.nspname || '.' || c.relname as qualified,
  r.rolname as role_name,
  array_remove(array[
    case when has_sequence_privilege(r.oid, c.oid, 'USAGE') then 'usage' end,
    case when has_sequence_privilege(r.oid, c.oid, 'SELECT') then 'select' end,
    case when has_sequence_privilege(r.oid, c.oid, 'UPDATE') then 'update' end
  ], null) as privileges
from pg_catalog.pg_class as c
inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
cross join pg_catalog.pg_roles as r
where
  c.relkind = 'S'
  and n.nspname = any(%(schemas)s)
  and r.rolname in ('anon', 'authenticated')
  and (
    has_sequence_privilege(r.oid, c.oid, 'USAGE')
    or has_sequence_privilege(r.oid, c.oid, 'SELECT')
    or has_sequence_privilege(r.oid, c.oid, 'UPDATE')
  )
order by 1, 2
