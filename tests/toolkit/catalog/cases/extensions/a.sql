-- Golden case "extensions" (a): pg_trgm at an older version in golden.
create schema golden;
create schema golden_ext;
create extension pg_trgm with schema golden version '1.5';
