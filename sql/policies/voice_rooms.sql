-- Policies of public.voice_rooms.
--
-- What/who: the host reads, updates (name, status) and deletes own rooms and
--   creates rooms as self, attached to no session or to a collaboration session
--   the host is a member of; the members of the attached session read the room.
--   anon has no access.
-- Why: public.collab_session_ids_of_caller() (SECURITY DEFINER, once per
--   statement: an InitPlan array) answers membership for reads without re-entering
--   the collaboration policies; inserts keep is_collab_member() (one row). Indexes: (host_id), (session_id).
--   The host is matched with public.caller_id() (auth.uid()'s value without inlining its
--   body into every plan: the largest share of RLS's cost on a session's room list).
--
-- requires: 0011_trending_sounds_voice_rooms
-- depends: functions/collaboration.sql
-- depends: functions/caller.sql

create policy voice_rooms_select_host
on public.voice_rooms
for select
to authenticated
using (host_id = (select public.caller_id()));

create policy voice_rooms_select_session_member
on public.voice_rooms
for select
to authenticated
using (session_id = any((select public.collab_session_ids_of_caller())::uuid[]));

create policy voice_rooms_insert_host
on public.voice_rooms
for insert
to authenticated
with check (
  host_id = (select public.caller_id())
  and (session_id is null or public.is_collab_member(session_id))
);

create policy voice_rooms_update_host
on public.voice_rooms
for update
to authenticated
using (host_id = (select public.caller_id()))
with check (host_id = (select public.caller_id()));

create policy voice_rooms_delete_host
on public.voice_rooms
for delete
to authenticated
using (host_id = (select public.caller_id()));
