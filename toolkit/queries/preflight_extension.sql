-- An installed extension by name: whether the current role owns it, and its owner.
select
  pg_catalog.pg_has_role(e.extowner, 'USAGE') as owns,
  e.extowner::regrole::text as owner_name
from pg_catalog.pg_extension as e
where e.extname = %(name)s;
