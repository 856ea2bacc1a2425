-- Policies of public.user_gamification.
--
-- What/who: a signed-in user reads own row only. No client writes (the seed's
--   insert/update-own policies let a user give himself 999,999,999 XP): rows
--   are written by public.award_xp() and the analytics rollup trigger.
-- Why: index = primary key (user_id).
--
-- requires: 0014_gamification

create policy user_gamification_select_own
on public.user_gamification
for select
to authenticated
using (user_id = (select auth.uid()));
