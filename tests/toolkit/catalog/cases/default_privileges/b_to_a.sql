-- Golden case "default_privileges": the rollback from b to a.
alter default privileges in schema golden revoke usage on sequences from authenticated;
alter default privileges grant execute on functions to public;
alter default privileges in schema golden revoke select on tables from anon;
alter default privileges in schema golden grant select on tables to authenticated;
