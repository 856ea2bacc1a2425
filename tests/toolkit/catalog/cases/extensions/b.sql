-- Golden case "extensions" (b): pg_trgm updated and moved to golden_ext; citext added.
create schema golden;
create schema golden_ext;
create extension pg_trgm with schema golden_ext version '1.6';
create extension citext with schema golden version '1.6';
