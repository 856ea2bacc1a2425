-- Golden case "extensions": the migration from a to b.
alter extension pg_trgm update to '1.6';
alter extension pg_trgm set schema golden_ext;
create extension citext with schema golden version '1.6';
