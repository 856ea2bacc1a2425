-- Golden case "comments": the rollback from b to a.
comment on constraint t_pkey on golden.t is null;
drop policy t_read on golden.t;
drop trigger t_f on golden.t;
drop function golden.f();
drop index golden.t_body_idx;
drop sequence golden.s;
drop view golden.v;
comment on column golden.t.body is 'the body';
comment on table golden.t is 'a table';
