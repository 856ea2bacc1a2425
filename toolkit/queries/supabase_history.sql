-- The Supabase CLI's migration history (`supabase migration list`, the dashboard), oldest
-- first: what `mashdb baseline --from-supabase` matches against the project's migrations.
select version, name
from supabase_migrations.schema_migrations
order by version
