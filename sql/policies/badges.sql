-- Policies of public.badges.
--
-- What/who: the badge catalogue is public (anon and authenticated read);
--   only service_role (BYPASSRLS, full grant) edits it.
-- Why: nothing secret in a catalogue; no client write policies.
--
-- requires: 0014_gamification

create policy badges_select_all
on public.badges
for select
to anon, authenticated
using (true);
