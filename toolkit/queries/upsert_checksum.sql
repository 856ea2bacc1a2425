-- Record the content checksum of an applied migration (same transaction as the migration),
-- how it came to be applied (migrate | baseline | supabase), when adopted from the Supabase
-- CLI's history the version it has there, and, when given, the rollback text that undoes what
-- was applied (`repair` passes none and keeps the recorded one).
insert into mashdb.migration_checksums (
  migration_id, checksum, applied_at, applied_by, source_version, rollback_sql
)
values (
  %(id)s, %(checksum)s, now(), %(applied_by)s, %(source_version)s, %(rollback_sql)s
)
on conflict (migration_id) do update
set
  checksum = excluded.checksum,
  applied_by = excluded.applied_by,
  source_version = excluded.source_version,
  rollback_sql = coalesce(excluded.rollback_sql, migration_checksums.rollback_sql)
