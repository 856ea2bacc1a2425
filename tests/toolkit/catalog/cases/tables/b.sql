-- Golden case "tables" (b): RLS enabled and forced on t; a new table (RLS
-- enabled, not forced, with an option), a view (with an option) and a sequence.
create schema golden;
create table golden.t (id integer primary key);
alter table golden.t enable row level security;
alter table golden.t force row level security;
create table golden.u (id integer) with (fillfactor = 70);
alter table golden.u enable row level security;
create view golden.v with (security_invoker = true) as select t.id from golden.t as t;
create sequence golden.s;
