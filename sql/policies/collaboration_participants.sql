-- Policies of public.collaboration_participants.
--
-- What/who: the members of a session (host and joined participants) read its
--   participant list; a user also reads own participant rows (e.g. after
--   leaving). No write policies: joining/leaving goes through SECURITY DEFINER
--   functions or service_role, and 0007 grants clients select only.
-- Why: public.collab_session_ids_of_caller() (SECURITY DEFINER) breaks the
--   sessions <-> participants policy recursion; called once per statement (an
--   InitPlan array, an index condition), not once per row as is_collab_member() was; own rows
--   compare with public.caller_id() (a plan does not re-parse auth.uid()'s body). Indexes: primary key (session_id, user_id), (user_id).
--
-- requires: 0007_collaboration
-- depends: functions/collaboration.sql
-- depends: functions/caller.sql

create policy collaboration_participants_select_member
on public.collaboration_participants
for select
to authenticated
using (session_id = any((select public.collab_session_ids_of_caller())::uuid[]));

create policy collaboration_participants_select_own
on public.collaboration_participants
for select
to authenticated
using (user_id = (select public.caller_id()));
