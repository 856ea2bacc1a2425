-- Policies of public.collaboration_participants.
--
-- What/who: the members of a session (host and joined participants) read its
--   participant list; a user also reads own participant rows (e.g. after
--   leaving). No write policies: joining/leaving goes through SECURITY DEFINER
--   functions or service_role, and 0007 grants clients select only.
-- Why: public.is_collab_member() breaks the sessions <-> participants policy
--   recursion. Indexes: primary key (session_id, user_id), (user_id).
--
-- requires: 0007_collaboration
-- depends: functions/collaboration.sql

create policy collaboration_participants_select_member
on public.collaboration_participants
for select
to authenticated
using (public.is_collab_member(session_id));

create policy collaboration_participants_select_own
on public.collaboration_participants
for select
to authenticated
using (user_id = (select auth.uid()));
