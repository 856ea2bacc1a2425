-- Golden case "constraints" (a): a primary key, a check b changes and a unique b drops.
create schema golden;
create table golden.parent (id integer primary key);
create table golden.t (
  id integer primary key,
  parent_id integer,
  qty integer,
  code text,
  constraint t_qty_check check (qty > 0),
  constraint t_code_key unique (code)
);
