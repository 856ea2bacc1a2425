-- Golden case "constraints": the migration from a to b.
alter table golden.t drop constraint t_qty_check;
alter table golden.t add constraint t_qty_check check (qty >= 0);
alter table golden.t drop constraint t_code_key;
alter table golden.t add constraint t_parent_id_fkey
foreign key (parent_id) references golden.parent (id) on delete cascade;
