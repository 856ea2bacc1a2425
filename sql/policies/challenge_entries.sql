-- Policies of public.challenge_entries.
--
-- What/who: everyone (anon and authenticated) reads entries. A signed-in user
--   enters, as self, a mashup they created into a challenge whose status is
--   'active', and withdraws own entries while the challenge is still 'active'.
--   No update.
-- Why: withdrawal after 'active' would cascade-delete the battles built from
--   the entry during voting, so it is closed then (deviation from the seed,
--   see 0004's header). The challenges subquery runs under challenges' own
--   (public) select policy, which does not read entries: no recursion.
--   Indexes: unique (challenge_id, mashup_id), (mashup_id), (user_id);
--   challenges by primary key.
--
-- requires: 0004_challenges
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
);
