-- Golden case "default_privileges" (a): new tables in golden are readable by authenticated.
create schema golden;
alter default privileges in schema golden grant select on tables to authenticated;
