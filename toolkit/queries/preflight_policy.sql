-- Whether a row-level security policy of that name exists on the relation with that oid.
select 1 as found
from pg_catalog.pg_policy as p
where p.polrelid = %(oid)s and p.polname = %(name)s;
