-- 0022_lifecycle_guards: competitions and money outlive the rows of the people in them.
--
-- What: three foreign keys change their delete action from cascade to set null:
--   challenge_entries.mashup_id and challenge_entries.user_id (an entry whose
--   mashup or entrant is deleted stays behind as a tombstone when it is part of
--   a battle or of a challenge past 'active'), and revenue_splits.creator_id (a
--   split that took money outlives its creator's account). The three columns
--   become nullable.
-- Who: nothing changes in who may read or write what; the rules that decide which
--   entries are withdrawn and which become tombstones are the trigger
--   challenge_entries_withdraw_free (sql/functions/challenges.sql) and the
--   delete policy of challenge_entries; the recipient rows that keep their
--   identity are guarded by revenue_split_recipients_guard
--   (sql/functions/revenue.sql).
-- Why: a client may delete own mashups, and that delete used to cascade
--   mashups -> challenge_entries -> battles -> battle_votes, so a losing entrant
--   erased the battle, its votes and its recorded winner; a client delete must
--   never reach rows the client could not delete directly. Deleting a creator's
--   profile (account erasure, a platform action) cascaded into the splits and
--   the recipient rows that record what collaborators earned. A split without a
--   creator is managed by service_role only (no client policy matches a null
--   creator). Each foreign key is swapped in one statement (dropped and re-added
--   `not valid`) and validated in the same transaction: every row already
--   satisfied the dropped key on the same column, so the validation cannot fail,
--   and entries and splits are small tables (one row per entry, per split), so
--   the scan under the statement's lock is brief; .mashdb-lint.toml records this.
--
-- depends: 0015_revenue_splits 0021_concurrent_indexes

alter table public.challenge_entries
alter column mashup_id drop not null,
alter column user_id drop not null,
drop constraint challenge_entries_mashup_id_fkey,
add constraint challenge_entries_mashup_id_fkey
foreign key (mashup_id) references public.mashups (id) on delete set null not valid,
drop constraint challenge_entries_user_id_fkey,
add constraint challenge_entries_user_id_fkey
foreign key (user_id) references public.profiles (id) on delete set null not valid;

alter table public.challenge_entries validate constraint challenge_entries_mashup_id_fkey;

alter table public.challenge_entries validate constraint challenge_entries_user_id_fkey;

alter table public.revenue_splits
alter column creator_id drop not null,
drop constraint revenue_splits_creator_id_fkey,
add constraint revenue_splits_creator_id_fkey
foreign key (creator_id) references public.profiles (id) on delete set null not valid;

alter table public.revenue_splits validate constraint revenue_splits_creator_id_fkey;

comment on column public.challenge_entries.mashup_id is
'The entered mashup; null once it was deleted while the entry was in a battle or a challenge past active (tombstone).';
comment on column public.challenge_entries.user_id is
'The entrant; null once the account was deleted while the entry was in a battle or a challenge past active.';
comment on column public.revenue_splits.creator_id is
'The creator; null once the account was deleted: the split, its recipients and their earnings stay (service_role manages it).';
