-- Golden case "indexes": the migration from a to b.
drop index golden.t_owner_idx;
create index t_owner_idx on golden.t (owner_id, created_at desc);
drop index golden.t_created_idx;
create unique index t_live_owner_key on golden.t (owner_id) where not deleted;
