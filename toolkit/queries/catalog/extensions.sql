-- Installed extensions and their versions.
select e.extname as key, e.extversion as version, n.nspname as schema_name
from pg_catalog.pg_extension as e
inner join pg_catalog.pg_namespace as n on e.extnamespace = n.oid
