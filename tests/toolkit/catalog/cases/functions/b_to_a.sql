-- Golden case "functions": the rollback from b to a.
drop function golden.lookup(text);
create function golden.gone(p text) returns text language sql as 'select p';
alter function golden.lookup(integer) security invoker reset search_path;
create or replace function golden.answer() returns integer language sql stable as 'select 41';
