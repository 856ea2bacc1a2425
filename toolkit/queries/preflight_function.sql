-- A function by signature (or by name, when the statement gives no argument list): its
-- regprocedure text, whether the current role owns it, its owner and its oid.
select
  p.oid::regprocedure::text as signature,
  pg_catalog.pg_has_role(p.proowner, 'USAGE') as owns,
  p.proowner::regrole::text as owner_name,
  p.oid
from pg_catalog.pg_proc as p
where
  p.oid = case
    when %(signature)s::text is not null then pg_catalog.to_regprocedure(%(signature)s)
    else pg_catalog.to_regproc(%(name)s)::oid
  end;
