-- Remove a rolled-back migration from the Supabase CLI's history (same transaction as
-- mashdb's bookkeeping).
delete from supabase_migrations.schema_migrations
where version = %(version)s
