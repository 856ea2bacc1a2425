-- Golden case "constraints" (b): the check widened, the unique dropped, a foreign key added.
create schema golden;
create table golden.parent (id integer primary key);
create table golden.t (
  id integer primary key,
  parent_id integer,
  qty integer,
  code text,
  constraint t_qty_check check (qty >= 0),
  constraint t_parent_id_fkey foreign key (parent_id) references golden.parent (id) on delete cascade
);
