-- Policies of the given tables (schema.table names), one row each, for policy attribution.
-- Parameter: %(tables)s (text[]).
select p.schemaname, p.tablename, p.policyname, p.cmd
from pg_catalog.pg_policies as p
where p.schemaname || '.' || p.tablename = any(%(tables)s)
order by 1, 2, 3
