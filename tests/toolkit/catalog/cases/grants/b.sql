-- Golden case "grants" (b): anon may use the schema and read id; authenticated may also
-- insert, update secret, use the sequence and call f; service_role no longer calls f.
create schema golden;
create table golden.t (id integer primary key, body text, secret text);
create sequence golden.s;
create function golden.f() returns integer language sql as 'select 1';
grant usage on schema golden to anon, authenticated;
grant select, insert on golden.t to authenticated;
grant update (body, secret) on golden.t to authenticated;
grant select (id) on golden.t to anon;
grant select on sequence golden.s to service_role;
grant usage on sequence golden.s to authenticated;
revoke execute on function golden.f() from public;
grant execute on function golden.f() to authenticated;
