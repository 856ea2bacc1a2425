-- Golden case "functions" (a): a function whose body and volatility b change, a
-- SECURITY INVOKER function b makes SECURITY DEFINER, and one b drops.
create schema golden;
create function golden.answer() returns integer language sql stable as 'select 41';
create function golden.lookup(p_id integer) returns text language sql as 'select p_id::text';
create function golden.gone(p text) returns text language sql as 'select p';
