-- Golden case "policies" (a): a read policy b narrows and a write policy b drops.
create schema golden;
create table golden.t (id integer primary key, owner_id uuid, public boolean);
alter table golden.t enable row level security;
create policy t_read on golden.t for select to anon, authenticated using (public);
create policy t_write on golden.t for insert to authenticated with check (true);
