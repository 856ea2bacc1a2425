-- Record the content checksum of an applied migration (same transaction as the migration),
-- how it came to be applied (migrate | baseline | supabase) and, when adopted from the
-- Supabase CLI's history, the version it has there.
insert into mashdb.migration_checksums (migration_id, checksum, applied_at, applied_by, source_version)
values (%(id)s, %(checksum)s, now(), %(applied_by)s, %(source_version)s)
on conflict (migration_id) do update
set
  checksum = excluded.checksum,
  applied_by = excluded.applied_by,
  source_version = excluded.source_version
