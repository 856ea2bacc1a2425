-- Golden case "columns": the rollback from b to a.
alter table golden.t drop column doubled;
alter table golden.t drop column n;
alter table golden.t add column note text;
alter table golden.t alter column qty drop default;
alter table golden.t alter column title drop not null;
alter table golden.t alter column title type text;
