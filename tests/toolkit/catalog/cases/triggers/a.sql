-- Golden case "triggers" (a): a row trigger b disables and a statement trigger b redefines.
create schema golden;
create table golden.t (id integer primary key, body text);
create function golden.touch() returns trigger language plpgsql as 'begin return new; end';
create function golden.audit() returns trigger language plpgsql as 'begin return null; end';
create trigger t_touch before update on golden.t for each row execute function golden.touch();
create trigger t_audit after insert on golden.t for each statement execute function golden.audit();
