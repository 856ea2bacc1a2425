-- Record migration %(id)s as applied (%(operation)s = 'apply') or rolled back ('rollback')
-- exactly as yoyo-migrations does (its tables, internal schema version 2): an entry in
-- _yoyo_log, and the _yoyo_migration row inserted or deleted; a rollback also deletes
-- mashdb's content checksum. Run by the engine inside the step's own transaction
-- (toolkit/yoyo_compat.py says why not through yoyo's backend).
with logged as (
  insert into mashdb._yoyo_log (
    id, migration_hash, migration_id, operation, username, hostname, created_at_utc
  )
  values (
    gen_random_uuid()::text,
    %(hash)s,
    %(id)s,
    %(operation)s,
    %(username)s,
    %(hostname)s,
    now() at time zone 'utc'
  )
),

marked as (
  insert into mashdb._yoyo_migration (migration_hash, migration_id, applied_at_utc)
  select
    %(hash)s,
    %(id)s,
    now() at time zone 'utc'
  where %(operation)s = 'apply'
),

unmarked as (
  delete from mashdb._yoyo_migration
  where migration_hash = %(hash)s and %(operation)s = 'rollback'
)

delete from mashdb.migration_checksums
where migration_id = %(id)s and %(operation)s = 'rollback'
