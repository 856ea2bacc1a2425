-- Row-level security policies with their expressions (as pg_policies shows them).
select
  schemaname || '.' || tablename || '.' || policyname as key,
  schemaname || '.' || tablename as table_name,
  permissive,
  array_to_string(roles, ',') as roles,
  cmd as command,
  coalesce(qual, '') as using_expr,
  coalesce(with_check, '') as check_expr
from pg_catalog.pg_policies
where schemaname not in ('mashdb')
