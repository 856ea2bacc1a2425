-- Policies of public.challenge_entries.
--
-- What/who: everyone (anon and authenticated) reads entries. A signed-in user
--   enters, as self, a mashup they created into a challenge whose status is
--   'active', and withdraws own entries while the challenge is still 'active'
--   and the entry is in no battle. No update.
-- Why: deleting an entry cascades to the battles built from it and to their
--   votes, which no client may delete: a losing entrant must not erase a
--   running or decided battle (deviation from the seed, see 0004's and 0022's
--   headers; deleting the mashup instead leaves a tombstone entry, see
--   functions/challenges.sql). The challenges and battles subqueries run under
--   their own (public) select policies, which do not read entries: no
--   recursion. Indexes: unique (challenge_id, mashup_id), (mashup_id),
--   (user_id); challenges by primary key; battles (entry_a_id), (entry_b_id).
--
-- requires: 0005_battles
-- depends: functions/mashups.sql

create policy challenge_entries_select_all
on public.challenge_entries
for select
to anon, authenticated
using (true);

create policy challenge_entries_insert_own
on public.challenge_entries
for insert
to authenticated
with check (
  user_id = (select auth.uid())
  and public.is_mashup_creator(mashup_id)
  and exists (
    select 1
    from public.challenges as c
    where c.id = challenge_entries.challenge_id and c.status = 'active'
  )
);

create policy challenge_entries_delete_own
on public.challenge_entries
for delete
to authenticated
using (
  user_id = (select auth.uid())
  and exists (
    select 1
    from public.challenges as c
    where c.id = challenge_entries.challenge_id and c.status = 'active'
  )
  and not exists (
    select 1
    from public.battles as b
    where b.entry_a_id = challenge_entries.id or b.entry_b_id = challenge_entries.id
  )
);
