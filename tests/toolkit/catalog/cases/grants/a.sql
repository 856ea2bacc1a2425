-- Golden case "grants" (a): privileges on a schema, a table, its columns, a sequence and a
-- function, each of which b changes.
create schema golden;
create table golden.t (id integer primary key, body text, secret text);
create sequence golden.s;
create function golden.f() returns integer language sql as 'select 1';
grant usage on schema golden to authenticated;
grant select on golden.t to authenticated;
grant update (body) on golden.t to authenticated;
grant select on sequence golden.s to service_role;
revoke execute on function golden.f() from public;
grant execute on function golden.f() to service_role;
