-- Applied versioned migrations (yoyo's record) with mashdb's content checksum, oldest first.
select
  m.migration_id,
  m.applied_at_utc,
  c.checksum
from mashdb._yoyo_migration as m
left join mashdb.migration_checksums as c on m.migration_id = c.migration_id
order by m.applied_at_utc, m.migration_id
