-- Golden case "grants": the rollback from b to a.
revoke execute on function golden.f() from authenticated;
grant execute on function golden.f() to service_role;
revoke usage on sequence golden.s from authenticated;
revoke select (id) on golden.t from anon;
revoke update (secret) on golden.t from authenticated;
revoke insert on golden.t from authenticated;
revoke usage on schema golden from anon;
