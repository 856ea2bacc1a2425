-- Golden case "default_privileges": the migration from a to b.
alter default privileges in schema golden revoke select on tables from authenticated;
alter default privileges in schema golden grant select on tables to anon;
alter default privileges revoke execute on functions from public;
alter default privileges in schema golden grant usage on sequences to authenticated;
