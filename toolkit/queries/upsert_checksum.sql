-- Record the content checksum of an applied migration (same transaction as the migration).
insert into mashdb.migration_checksums (migration_id, checksum, applied_at)
values (%(id)s, %(checksum)s, now())
on conflict (migration_id) do update
set checksum = excluded.checksum
