-- The rollback text recorded when each given migration was applied (null for rows written
-- before mashdb recorded it). Read by `reapply` and `rollback` for migrations edited
-- locally. Read through to_jsonb so that a dry run on bookkeeping older than the
-- rollback_sql column (which only migrate/rollback add) reads nulls instead of failing.
select
  c.migration_id,
  to_jsonb(c) ->> 'rollback_sql' as rollback_sql
from mashdb.migration_checksums as c
where c.migration_id = any(%(ids)s)
