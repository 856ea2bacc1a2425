-- May the current role TRUNCATE a table, CASCADE included? The check TRUNCATE itself makes,
-- without the ACCESS EXCLUSIVE lock it then takes: the TRUNCATE privilege on the table and
-- on every table a CASCADE reaches (tables whose foreign keys reference one in the set).
-- Used by toolkit/rls/executed.py on shared databases, run as the persona under test.
-- Parameter: %(table)s (schema.table). Returns whether it may, and the first table it may not.
with recursive reach (relid) as (
  select to_regclass(%(table)s)::oid
  union
  select con.conrelid
  from pg_catalog.pg_constraint as con
  inner join reach as r on con.confrelid = r.relid
  where con.contype = 'f'
)

select
  coalesce(bool_and(has_table_privilege(reach.relid, 'TRUNCATE')), false) as permitted,
  min(reach.relid::regclass::text) filter (
    where not has_table_privilege(reach.relid, 'TRUNCATE')
  ) as refused_on
from reach
