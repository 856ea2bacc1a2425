-- Golden case "constraints": the rollback from b to a.
alter table golden.t drop constraint t_parent_id_fkey;
alter table golden.t add constraint t_code_key unique (code);
alter table golden.t drop constraint t_qty_check;
alter table golden.t add constraint t_qty_check check (qty > 0);
