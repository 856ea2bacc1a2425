-- Golden case "columns" (a): a table whose columns b retypes, constrains, defaults and drops.
create schema golden;
create table golden.t (
  id integer not null,
  title text,
  qty integer,
  note text
);
