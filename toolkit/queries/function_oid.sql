-- A function's regprocedure text by signature, or null when it does not exist.
select pg_catalog.to_regprocedure(%(signature)s)::text as signature;
