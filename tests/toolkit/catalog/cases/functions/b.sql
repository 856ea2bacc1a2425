-- Golden case "functions" (b): answer's body and volatility changed; lookup is a
-- SECURITY DEFINER with a pinned search_path; gone dropped; a plpgsql overload added.
create schema golden;
create function golden.answer() returns integer language sql immutable as 'select 42';
create function golden.lookup(p_id integer) returns text language sql security definer
set search_path = pg_catalog, pg_temp as 'select p_id::text';
create function golden.lookup(p_name text) returns text language plpgsql as 'begin return p_name; end';
