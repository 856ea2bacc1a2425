-- Rollback of 0022_lifecycle_guards: the three foreign keys cascade again and their
-- columns are not null again.
-- Refuses (SQLSTATE 23514, check_violation) while tombstoned challenge entries
-- (mashup or entrant deleted) or creator-less revenue splits exist, naming how many:
-- restoring `not null` needs them gone, and deleting them would erase the battles,
-- votes and earnings 0022 exists to keep. Resolve those rows first (the platform
-- closes the battles or re-assigns the splits), then roll back again.

do $rollback$
declare
  tombstones bigint;
  orphans bigint;
begin
  select count(*) into tombstones
  from public.challenge_entries
  where mashup_id is null or user_id is null;
  select count(*) into orphans
  from public.revenue_splits
  where creator_id is null;
  if tombstones > 0 or orphans > 0 then
    raise exception 'cannot roll back 0022_lifecycle_guards: % tombstoned challenge entr(y/ies) and % revenue split(s) without creator exist', tombstones, orphans
    using errcode = '23514',
    hint = 'delete or re-assign those rows (as the platform) first';
  end if;
end
$rollback$;

alter table public.revenue_splits
drop constraint revenue_splits_creator_id_fkey,
alter column creator_id set not null;

alter table public.revenue_splits
add constraint revenue_splits_creator_id_fkey
foreign key (creator_id) references public.profiles (id) on delete cascade;

alter table public.challenge_entries
drop constraint challenge_entries_mashup_id_fkey,
drop constraint challenge_entries_user_id_fkey,
alter column mashup_id set not null,
alter column user_id set not null;

alter table public.challenge_entries
add constraint challenge_entries_mashup_id_fkey
foreign key (mashup_id) references public.mashups (id) on delete cascade,
add constraint challenge_entries_user_id_fkey
foreign key (user_id) references public.profiles (id) on delete cascade;

comment on column public.challenge_entries.mashup_id is null;
comment on column public.challenge_entries.user_id is null;
comment on column public.revenue_splits.creator_id is null;
