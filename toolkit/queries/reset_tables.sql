-- The tables whose rows `mashdb reset` reports after seeding: every table of the
-- application schemas (%(schemas)s, a text array) and auth.users, schema-qualified.
select format('%%I.%%I', n.nspname, c.relname) as table_name
from pg_catalog.pg_class as c
inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
where n.nspname = any(%(schemas)s::text []) and c.relkind in ('r', 'p')
union all
select 'auth.users'
where pg_catalog.to_regclass('auth.users') is not null
order by 1
