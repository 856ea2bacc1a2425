-- Golden case "grants": the migration from a to b.
grant usage on schema golden to anon;
grant insert on golden.t to authenticated;
grant update (secret) on golden.t to authenticated;
grant select (id) on golden.t to anon;
grant usage on sequence golden.s to authenticated;
revoke execute on function golden.f() from service_role;
grant execute on function golden.f() to authenticated;
