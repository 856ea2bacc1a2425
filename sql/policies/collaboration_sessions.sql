-- Policies of public.collaboration_sessions.
--
-- What/who: the host and joined participants of a session read it; a
--   signed-in user creates a session as its host (optionally about a mashup
--   they created) and updates own sessions (columns 0007 grants). No client
--   delete (ending is an update); anon has no access.
-- Why: membership is asked through public.collab_session_ids_of_caller(), a
--   SECURITY DEFINER helper, because collaboration_participants' policy reads
--   this table (RLS recursion otherwise); read once per statement (an InitPlan
--   array: an index condition on the primary key), not once per row. Inserts keep
--   the per-row is_mashup_creator() (one written row). Index: (host_id); participants by
--   primary key (session_id, user_id).
--
-- requires: 0007_collaboration
-- depends: functions/collaboration.sql
-- depends: functions/mashups.sql

create policy collaboration_sessions_select_host
on public.collaboration_sessions
for select
to authenticated
using (host_id = (select auth.uid()));

create policy collaboration_sessions_select_member
on public.collaboration_sessions
for select
to authenticated
using (id = any((select public.collab_session_ids_of_caller())::uuid[]));

create policy collaboration_sessions_insert_host
on public.collaboration_sessions
for insert
to authenticated
with check (
  host_id = (select auth.uid())
  and (mashup_id is null or public.is_mashup_creator(mashup_id))
);

create policy collaboration_sessions_update_host
on public.collaboration_sessions
for update
to authenticated
using (host_id = (select auth.uid()))
with check (host_id = (select auth.uid()));
