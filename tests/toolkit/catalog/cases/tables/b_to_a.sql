-- Golden case "tables": the rollback from b to a.
drop sequence golden.s;
drop view golden.v;
drop table golden.u;
alter table golden.t no force row level security;
alter table golden.t disable row level security;
