-- Golden case "comments" (a): comments on a schema, a table and a column, which b changes
-- or removes.
create schema golden;
create table golden.t (id integer primary key, body text);
comment on schema golden is 'golden objects';
comment on table golden.t is 'a table';
comment on column golden.t.body is 'the body';
