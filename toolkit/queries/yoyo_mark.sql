-- Record migration %(id)s as applied, exactly as yoyo-migrations does (its tables, schema
-- version 2): the _yoyo_migration row and an 'apply' entry in _yoyo_log. Run by the engine
-- in the migration's own transaction; toolkit/yoyo_compat.py says why not through yoyo.
with logged as (
  insert into mashdb._yoyo_log (
    id, migration_hash, migration_id, operation, username, hostname, created_at_utc
  )
  values (
    gen_random_uuid()::text,
    %(hash)s,
    %(id)s,
    'apply',
    %(username)s,
    %(hostname)s,
    now() at time zone 'utc'
  )
)

insert into mashdb._yoyo_migration (migration_hash, migration_id, applied_at_utc)
values (%(hash)s, %(id)s, now() at time zone 'utc')
