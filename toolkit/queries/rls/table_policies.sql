-- The policies of one table, as `mashdb policies --table` shows them.
-- Parameter: %(table)s (schema.table).
select
  p.policyname as name,
  p.cmd as command,
  p.permissive,
  p.roles::text[] as roles,
  p.qual as using_expr,
  p.with_check as check_expr
from pg_catalog.pg_policies as p
where p.schemaname || '.' || p.tablename = %(table)s
order by p.policyname
