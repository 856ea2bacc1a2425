-- `mashdb reset`: remove from the Supabase CLI's history the migrations mashdb is about to
-- forget (their objects were just dropped), each under the version it was recorded as: the
-- one it was adopted from, else mashdb's own number. Rows of other migrations stay.
delete from supabase_migrations.schema_migrations as h
using mashdb.migration_checksums as c
where h.version = coalesce(to_jsonb(c) ->> 'source_version', split_part(c.migration_id, '_', 1))
