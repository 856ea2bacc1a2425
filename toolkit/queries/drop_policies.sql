-- The statements that drop every policy of one table: a policy file replaces the table's
-- policy set as a whole, so policies removed from the file disappear too.
select 'drop policy ' || quote_ident(polname) || ' on ' || polrelid::regclass::text
from pg_catalog.pg_policy
where polrelid = %(table)s::regclass
order by polname
