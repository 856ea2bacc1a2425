-- Comments (COMMENT ON) on user objects, one row per commented object, keyed by the object's
-- kind and identity as pg_identify_object names them (`table column:public.t.c`,
-- `function:public.f(integer)`, `policy:p on public.t`). Built-in objects (oids below
-- 16384, FirstNormalObjectId), system schemas, mashdb's bookkeeping, extensions and their
-- members are left out: an extension's script sets those comments, not the project.
select
  o.type || ':' || o.identity as key,
  d.description as comment
from pg_catalog.pg_description as d
cross join lateral pg_catalog.pg_identify_object(d.classoid, d.objoid, d.objsubid) as o
where
  d.objoid >= 16384
  and d.classoid <> 'pg_catalog.pg_extension'::regclass
  and coalesce(o.schema, o.identity) not in ('pg_catalog', 'information_schema', 'mashdb')
  and coalesce(o.schema, o.identity) not like 'pg\_%'
  and not exists (
    select 1 from pg_catalog.pg_depend as dep
    where dep.classid = d.classoid and dep.objid = d.objoid and dep.deptype = 'e'
  )
