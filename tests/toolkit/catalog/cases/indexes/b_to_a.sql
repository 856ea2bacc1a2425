-- Golden case "indexes": the rollback from b to a.
drop index golden.t_live_owner_key;
create index t_created_idx on golden.t (created_at);
drop index golden.t_owner_idx;
create index t_owner_idx on golden.t (owner_id);
