-- Golden case "columns" (b): title retyped and not null, qty defaulted, note dropped,
-- an identity column and a generated column added.
create schema golden;
create table golden.t (
  id integer not null,
  title varchar(40) not null,
  qty integer default 0,
  n bigint generated always as identity,
  doubled integer generated always as (qty * 2) stored
);
