-- Who may do what on each table of the exposed schema, from grants, RLS flags and policies:
-- one row per table x API role x command. Used by `mashdb review` for tables the executed
-- access matrix (toolkit.rls) has no probe rows for, e.g. a table a branch adds.
with roles as (
  select unnest(array['anon', 'authenticated']) as role_name
),
commands as (
  select unnest(array['select', 'insert', 'update', 'delete', 'truncate']) as command
),
tables as (
  select c.oid, n.nspname || '.' || c.relname as table_name, c.relrowsecurity as rls
  from pg_catalog.pg_class as c
  inner join pg_catalog.pg_namespace as n on c.relnamespace = n.oid
  where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f')
)
select
  t.table_name,
  r.role_name,
  k.command,
  t.rls,
  case
    when k.command in ('insert', 'update')
      then has_any_column_privilege(r.role_name, t.oid, k.command)
    else has_table_privilege(r.role_name, t.oid, k.command)
  end as granted,
  coalesce((
    select
      jsonb_agg(
        jsonb_build_object(
          'name', p.polname,
          'permissive', p.polpermissive,
          'roles', (
            select coalesce(array_agg(case when x = 0 then 'public' else x::regrole::text end), '{}')
            from unnest(p.polroles) as x
          ),
          'using', coalesce(pg_catalog.pg_get_expr(p.polqual, p.polrelid), ''),
          'check', coalesce(pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid), '')
        )
        order by p.polname
      )
    from pg_catalog.pg_policy as p
    where
      p.polrelid = t.oid
      and p.polcmd::text in (
        '*',
        case k.command when 'select' then 'r' when 'insert' then 'a' when 'update' then 'w' when 'delete' then 'd' end
      )
      and (0 = any(p.polroles) or r.role_name::regrole::oid = any(p.polroles))
  ), '[]'::jsonb) as policies
from tables as t
cross join roles as r
cross join commands as k
order by t.table_name, r.role_name, k.command
