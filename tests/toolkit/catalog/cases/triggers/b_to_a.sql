-- Golden case "triggers": the rollback from b to a.
drop trigger t_body on golden.t;
create or replace trigger t_audit after insert on golden.t for each statement execute function golden.audit();
alter table golden.t enable trigger t_touch;
