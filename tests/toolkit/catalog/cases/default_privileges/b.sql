-- Golden case "default_privileges" (b): new tables in golden are readable by anon instead;
-- new functions anywhere are no longer executable by public; new sequences in golden are
-- usable by authenticated.
create schema golden;
alter default privileges in schema golden grant select on tables to anon;
alter default privileges revoke execute on functions from public;
alter default privileges in schema golden grant usage on sequences to authenticated;
