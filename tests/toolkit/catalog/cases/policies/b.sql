-- Golden case "policies" (b): t_read for authenticated only with an owner clause, t_write
-- gone, a restrictive update policy with both expressions added.
create schema golden;
create table golden.t (id integer primary key, owner_id uuid, public boolean);
alter table golden.t enable row level security;
create policy t_read on golden.t for select to authenticated
using (public or owner_id = (select nullif(current_setting('request.jwt.claim.sub', true), '')::uuid));
create policy t_update on golden.t as restrictive for update to authenticated
using (owner_id is not null) with check (public is not null);
