-- Record migration %(id)s as rolled back, as yoyo-migrations does: its _yoyo_migration row
-- deleted and a 'rollback' entry in _yoyo_log; mashdb's content checksum goes with it. Run
-- by the engine in the rollback's own transaction.
with logged as (
  insert into mashdb._yoyo_log (
    id, migration_hash, migration_id, operation, username, hostname, created_at_utc
  )
  values (
    gen_random_uuid()::text,
    %(hash)s,
    %(id)s,
    'rollback',
    %(username)s,
    %(hostname)s,
    now() at time zone 'utc'
  )
),

unchecked as (
  delete from mashdb.migration_checksums where migration_id = %(id)s
)

delete from mashdb._yoyo_migration where migration_hash = %(hash)s
