-- Whether a (user) trigger of that name exists on the relation with that oid.
select 1 as found
from pg_catalog.pg_trigger as t
where t.tgrelid = %(oid)s and t.tgname = %(name)s and not t.tgisinternal;
