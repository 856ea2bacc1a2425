-- Golden case "indexes" (a): an index b redefines and one b drops.
create schema golden;
create table golden.t (id integer primary key, owner_id integer, created_at timestamptz, deleted boolean);
create index t_owner_idx on golden.t (owner_id);
create index t_created_idx on golden.t (created_at);
