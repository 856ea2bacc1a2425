-- Golden case "columns": the migration from a to b.
alter table golden.t alter column title type varchar(40);
alter table golden.t alter column title set not null;
alter table golden.t alter column qty set default 0;
alter table golden.t drop column note;
alter table golden.t add column n bigint generated always as identity;
alter table golden.t add column doubled integer generated always as (qty * 2) stored;
