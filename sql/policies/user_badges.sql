-- Policies of public.user_badges.
--
-- What/who: a signed-in user reads own earned badges. No client writes:
--   badges are granted by public.award_xp() only.
-- Why: index unique (user_id, badge_id) leads with user_id.
--
-- requires: 0014_gamification

create policy user_badges_select_own
on public.user_badges
for select
to authenticated
using (user_id = (select auth.uid()));
