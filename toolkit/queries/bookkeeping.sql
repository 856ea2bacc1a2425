-- mashdb's own bookkeeping, beside yoyo's tables (_yoyo_migration, _yoyo_log, _yoyo_version)
-- which live in the same schema. Not exposed through PostgREST: only the migrating role
-- (the schema owner) uses it; anon/authenticated get nothing.
create schema if not exists mashdb;
revoke all on schema mashdb from public;

-- yoyo stores sha256(migration id); this stores sha256(file content) for drift detection,
-- and the rollback file's text as it was when the migration was applied, so an edited
-- local migration can be undone as applied (`mashdb reapply`). Rows written before the
-- column existed have no rollback text.
create table if not exists mashdb.migration_checksums (
  migration_id text primary key,
  checksum text not null,
  applied_at timestamptz not null default now(),
  rollback_sql text
);
alter table mashdb.migration_checksums add column if not exists rollback_sql text;

-- repeatable files (functions, policies) and the bootstrap: what was applied and what it defined.
create table if not exists mashdb.repeatables (
  key text primary key,
  kind text not null,
  checksum text not null,
  requires text,
  objects jsonb not null default '[]',
  applied_at timestamptz not null default now()
);

-- yoyo-migrations' own tables in its internal schema version 2 layout, so yoyo's backend reads
-- the history mashdb writes (toolkit/yoyo_compat.py; the contract test compares these with
-- the tables the installed yoyo creates).
create table if not exists mashdb._yoyo_migration (
  migration_hash varchar(64) primary key,
  migration_id varchar(255),
  applied_at_utc timestamp
);

create table if not exists mashdb._yoyo_log (
  id varchar(36) primary key,
  migration_hash varchar(64),
  migration_id varchar(255),
  operation varchar(10),
  username varchar(255),
  hostname varchar(255),
  comment varchar(255),
  created_at_utc timestamp
);

create table if not exists mashdb._yoyo_version (
  version int primary key,
  installed_at_utc timestamp
);

insert into mashdb._yoyo_version (version, installed_at_utc)
values (2, now() at time zone 'utc')
on conflict (version) do nothing;

-- How each migration came to be applied: 'migrate' (mashdb ran it), 'baseline' (`mashdb
-- baseline --to` found its objects in place) or 'supabase' (`mashdb baseline --from-supabase`
-- matched it to the Supabase CLI's history row `source_version`). Added after the first
-- release: older bookkeeping is upgraded in place, and only when the columns are missing, so
-- a run that finds them takes no lock on the table.
do $$
begin
  if not exists (
    select 1 from pg_catalog.pg_attribute
    where attrelid = 'mashdb.migration_checksums'::regclass
      and attname = 'applied_by'
      and not attisdropped
  ) then
    alter table mashdb.migration_checksums
    add column applied_by text not null default 'migrate',
    add column source_version text;
  end if;
end
$$;
