-- Golden case "triggers": the migration from a to b.
alter table golden.t disable trigger t_touch;
create or replace trigger t_audit after insert or delete on golden.t
for each statement execute function golden.audit();
create trigger t_body before update of body on golden.t for each row
when (old.body is distinct from new.body) execute function golden.touch();
