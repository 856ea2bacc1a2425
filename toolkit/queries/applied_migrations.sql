-- Applied versioned migrations (yoyo's record) with mashdb's content checksum and how each
-- came to be applied, oldest first. applied_by/source_version are read through to_jsonb so
-- that a read-only status works on bookkeeping older than those columns (no upgrade there).
select
  m.migration_id,
  m.applied_at_utc,
  c.checksum,
  coalesce(to_jsonb(c) ->> 'applied_by', 'migrate') as applied_by,
  to_jsonb(c) ->> 'source_version' as source_version
from mashdb._yoyo_migration as m
left join mashdb.migration_checksums as c on m.migration_id = c.migration_id
order by m.applied_at_utc, m.migration_id
