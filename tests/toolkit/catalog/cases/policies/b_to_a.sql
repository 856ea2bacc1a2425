-- Golden case "policies": the rollback from b to a.
drop policy t_update on golden.t;
create policy t_write on golden.t for insert to authenticated with check (true);
drop policy t_read on golden.t;
create policy t_read on golden.t for select to anon, authenticated using (public);
