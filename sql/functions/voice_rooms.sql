-- Voice rooms follow the life of their collaboration session.
--
-- What: voice_rooms_require_active_session() — BEFORE INSERT/UPDATE row trigger on
--   voice_rooms: a room attached to a session may be open only while that session
--   is active (55000 "collaboration session ... has ended" otherwise);
--   collab_session_close_rooms() — AFTER UPDATE OF status row trigger on
--   collaboration_sessions: when a session ends (end_collab_session() or the host's
--   own update), its open rooms are closed.
-- Who: fired by clients' writes (a host opening a room, a host ending a session)
--   and by service_role's; never called directly (execute revoked from everyone).
-- Why: without them, a participant could open a room on a session that is being
--   ended: the insert's policy check sees the session still active (its snapshot
--   predates the end), the end commits, and a room stays open on an ended session.
--   The insert trigger takes a FOR SHARE lock on the session row and re-reads it
--   (READ COMMITTED re-checks the newest version), so the decision is serialised
--   with the end's FOR UPDATE: either the end waits for the room's transaction and
--   then closes the room, or the insert waits for the end and is refused. No other
--   lock is taken (no lock-order cycle with end_collab_session, which locks the
--   session first, then participants and rooms). A signed-in caller who never
--   took part in the session (no participant row, not the host) is left to the
--   insert policy (42501), so the trigger tells strangers nothing about it; whoever
--   took part gets the same answer however the race went: 55000 once it has ended
--   (ending marks every participant as left, which the policy alone would report as
--   42501 or, for a room's own host, not at all). SECURITY DEFINER (clients may not lock session rows)
--   with search_path pinned to pg_catalog, pg_temp.
--
-- requires: 0011_trending_sounds_voice_rooms
-- depends: functions/collaboration.sql

create or replace function public.voice_rooms_require_active_session()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if pg_catalog.current_setting('role', true) in ('anon', 'authenticated')
    and not exists (
      select 1 from public.collaboration_participants as p
      where p.session_id = new.session_id and p.user_id = (select auth.uid())
    )
    and not public.is_collab_host(new.session_id) then
    return new;
  end if;
  perform 1
  from public.collaboration_sessions as s
  where s.id = new.session_id and s.status = 'active'
  for share;
  if not found then
    raise exception 'collaboration session % has ended', new.session_id
    using errcode = '55000', hint = 'voice rooms open only on an active session';
  end if;
  return new;
end;
$$;

comment on function public.voice_rooms_require_active_session() is
'BEFORE INSERT/UPDATE trigger on voice_rooms: a room of a session is open only while the session is active (55000).';

revoke execute on function public.voice_rooms_require_active_session() from public, anon, authenticated;

create or replace trigger voice_rooms_require_active_session
before insert or update of status, session_id on public.voice_rooms
for each row when (new.session_id is not null and new.status = 'open')
execute function public.voice_rooms_require_active_session();

create or replace function public.collab_session_close_rooms()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  update public.voice_rooms as r
  set status = 'closed'
  where r.session_id = new.id and r.status = 'open';
  return null;
end;
$$;

comment on function public.collab_session_close_rooms() is
'AFTER UPDATE trigger on collaboration_sessions: closes the open voice rooms of a session that ended.';

revoke execute on function public.collab_session_close_rooms() from public, anon, authenticated;

create or replace trigger collab_session_close_rooms
after update of status on public.collaboration_sessions
for each row when (new.status = 'ended' and old.status is distinct from 'ended')
execute function public.collab_session_close_rooms();
