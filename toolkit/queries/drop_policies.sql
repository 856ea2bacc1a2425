-- The statements that drop every policy of one table: a policy file replaces the table's
-- policy set as a whole, so policies removed from the file disappear too. None when the
-- table does not exist (yet).
select 'drop policy ' || quote_ident(polname) || ' on ' || polrelid::regclass::text
from pg_catalog.pg_policy
where polrelid = pg_catalog.to_regclass(%(table)s)
order by polname
