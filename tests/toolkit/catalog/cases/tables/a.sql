-- Golden case "tables" (a): one plain table without row level security.
create schema golden;
create table golden.t (id integer primary key);
