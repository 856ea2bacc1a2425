-- Golden case "comments": the migration from a to b.
create view golden.v as select t.id from golden.t as t;
create sequence golden.s;
create index t_body_idx on golden.t (body);
create function golden.f() returns trigger language plpgsql as 'begin return new; end';
create trigger t_f before insert on golden.t for each row execute function golden.f();
create policy t_read on golden.t for select to authenticated using (true);
comment on table golden.t is 'the table';
comment on column golden.t.body is null;
comment on view golden.v is 'a view';
comment on sequence golden.s is 'a sequence';
comment on index golden.t_body_idx is 'an index';
comment on constraint t_pkey on golden.t is 'a constraint';
comment on function golden.f() is 'a function';
comment on trigger t_f on golden.t is 'a trigger';
comment on policy t_read on golden.t is 'a policy';
