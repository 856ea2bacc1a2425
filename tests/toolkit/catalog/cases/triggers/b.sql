-- Golden case "triggers" (b): t_touch disabled, t_audit also fires on delete, a column
-- trigger with a condition added.
create schema golden;
create table golden.t (id integer primary key, body text);
create function golden.touch() returns trigger language plpgsql as 'begin return new; end';
create function golden.audit() returns trigger language plpgsql as 'begin return null; end';
create trigger t_touch before update on golden.t for each row execute function golden.touch();
alter table golden.t disable trigger t_touch;
create trigger t_audit after insert or delete on golden.t for each statement execute function golden.audit();
create trigger t_body before update of body on golden.t for each row
when (old.body is distinct from new.body) execute function golden.touch();
