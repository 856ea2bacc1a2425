-- How a repeatable's trigger can be removed by the current role: whether the role owns its
-- table (only the owner may DROP TRIGGER), the function it calls (as regprocedure text and
-- oid), and whether that function has dependents other than triggers (then dropping the
-- function with CASCADE would take more than triggers). No row when the trigger is gone.
select
  pg_catalog.pg_has_role(c.relowner, 'USAGE') as owns_table,
  t.tgfoid::regprocedure::text as function_signature,
  t.tgfoid as function_oid,
  exists (
    select 1
    from pg_catalog.pg_depend as d
    where
      d.refclassid = 'pg_catalog.pg_proc'::regclass
      and d.refobjid = t.tgfoid
      and d.classid <> 'pg_catalog.pg_trigger'::regclass
      and d.deptype = 'n'
  ) as function_has_other_dependents
from pg_catalog.pg_trigger as t
inner join pg_catalog.pg_class as c on t.tgrelid = c.oid
where t.tgrelid = pg_catalog.to_regclass(%(table)s) and t.tgname = %(name)s;
