-- Record a migration mashdb applied in the Supabase CLI's history, in the same transaction
-- as mashdb's own bookkeeping, so `supabase migration list` agrees with `mashdb status`.
insert into supabase_migrations.schema_migrations (version, name, statements)
values (%(version)s, %(name)s, %(statements)s)
on conflict (version) do update
set name = excluded.name, statements = excluded.statements
