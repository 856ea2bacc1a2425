-- Policies of public.battle_votes.
--
-- What/who: everyone (anon and authenticated) reads votes (public tallies); a
--   signed-in user inserts a vote as self only. No update, no delete (a vote
--   is final). The rest of the voting rules (entry of that battle, battle
--   open, not one's own entry) are the battle_votes_validate trigger
--   (sql/functions/battles.sql), because they hold for every writer.
-- Why: (select auth.uid()) is evaluated once per statement. Indexes:
--   unique (battle_id, user_id), (user_id), (battle_id, entry_id).
--
-- requires: 0013_battle_votes
-- depends: functions/battles.sql

create policy battle_votes_select_all
on public.battle_votes
for select
to anon, authenticated
using (true);

create policy battle_votes_insert_own
on public.battle_votes
for insert
to authenticated
with check (user_id = (select auth.uid()));
