-- Golden case "functions": the migration from a to b.
create or replace function golden.answer() returns integer language sql immutable as 'select 42';
create or replace function golden.lookup(p_id integer) returns text language sql security definer
set search_path = pg_catalog, pg_temp as 'select p_id::text';
drop function golden.gone(text);
create function golden.lookup(p_name text) returns text language plpgsql as 'begin return p_name; end';
