-- Golden case "policies": the migration from a to b.
drop policy t_read on golden.t;
create policy t_read on golden.t for select to authenticated
using (public or owner_id = (select nullif(current_setting('request.jwt.claim.sub', true), '')::uuid));
drop policy t_write on golden.t;
create policy t_update on golden.t as restrictive for update to authenticated
using (owner_id is not null) with check (public is not null);
