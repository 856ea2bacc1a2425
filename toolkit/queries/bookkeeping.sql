-- mashdb's own bookkeeping, beside yoyo's tables (_yoyo_migration, _yoyo_log, _yoyo_version)
-- which live in the same schema. Not exposed through PostgREST: only the migrating role
-- (the schema owner) uses it; anon/authenticated get nothing.
create schema if not exists mashdb;
revoke all on schema mashdb from public;

-- yoyo stores sha256(migration id); this stores sha256(file content) for drift detection.
create table if not exists mashdb.migration_checksums (
  migration_id text primary key,
  checksum text not null,
  applied_at timestamptz not null default now()
);

-- repeatable files (functions, policies) and the bootstrap: what was applied and what it defined.
create table if not exists mashdb.repeatables (
  key text primary key,
  kind text not null,
  checksum text not null,
  requires text,
  objects jsonb not null default '[]',
  applied_at timestamptz not null default now()
);
