-- Golden case "indexes" (b): t_owner_idx becomes a two-column index, t_created_idx is
-- gone, a partial unique index is added.
create schema golden;
create table golden.t (id integer primary key, owner_id integer, created_at timestamptz, deleted boolean);
create index t_owner_idx on golden.t (owner_id, created_at desc);
create unique index t_live_owner_key on golden.t (owner_id) where not deleted;
