-- Collaboration session persistence: create, join, leave, end (plan step 5).
--
-- What:
--   public.create_collab_session(title, mashup_id default null,
--     max_participants default 8) — creates an active session hosted by the
--     caller (the mashup, if given, must be the caller's) and the host's
--     participant row (role 'host'); returns the session id.
--     Errors: 42501 anonymous or not the mashup's creator; 22023 bad title
--     (1..200 chars) or max_participants outside 1..32.
--   public.join_collab_session(session_id) — joins as 'editor', idempotent:
--     joining again while joined changes nothing, rejoining after leaving
--     restores the previous role (a host stays host). Returns the caller's role.
--     Errors: 42501 anonymous; P0002 unknown session; 55000 session ended or full.
--   public.leave_collab_session(session_id) — marks the caller's row 'left'
--     (idempotent); the host leaving does not end the session (end it
--     instead). Errors: 42501 anonymous; P0002 not a participant of that session.
--   public.end_collab_session(session_id) — host only: status 'ended',
--     ended_at, every joined participant marked left; idempotent on an
--     ended session. Errors: 42501 anonymous or not the host; P0002 unknown session.
-- Who: authenticated (and service_role, which has no auth.uid() and gets
--   42501). Visibility stays with the policies (sql/policies/collaboration_*):
--   participants and the host see a session, others do not. Knowing a session
--   id is the invitation: join does not require seeing the session first.
-- Why: clients have select only on collaboration_participants (0007), so
--   membership changes go through these SECURITY DEFINER functions (search_path
--   pinned to pg_catalog, pg_temp); the session row is locked (for update) while joining so the
--   capacity check (joined participants incl. host < max_participants) holds
--   under concurrency.
--
-- requires: 0007_collaboration
-- depends: functions/collaboration.sql
-- depends: functions/mashups.sql

create or replace function public.create_collab_session(
  p_title text,
  p_mashup_id uuid default null,
  p_max_participants integer default 8
)
returns uuid
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  uid uuid := (select auth.uid());
  sid uuid;
begin
  if uid is null then
    raise exception 'sign in to host a session' using errcode = '42501';
  end if;
  if p_title is null or pg_catalog.length(pg_catalog.btrim(p_title)) not between 1 and 200 then
    raise exception 'title must be 1 to 200 characters' using errcode = '22023';
  end if;
  if p_max_participants is null or p_max_participants not between 1 and 32 then
    raise exception 'max_participants must be between 1 and 32' using errcode = '22023';
  end if;
  if p_mashup_id is not null and not public.is_mashup_creator(p_mashup_id) then
    raise exception 'you can only open a session on your own mashup' using errcode = '42501';
  end if;

  insert into public.collaboration_sessions (host_id, mashup_id, title, max_participants)
  values (uid, p_mashup_id, pg_catalog.btrim(p_title), p_max_participants)
  returning id into sid;
  insert into public.collaboration_participants (session_id, user_id, role)
  values (sid, uid, 'host');
  return sid;
end;
$$;

comment on function public.create_collab_session(text, uuid, integer) is
'Creates an active collaboration session hosted by the caller; returns its id.';

revoke execute on function public.create_collab_session(text, uuid, integer) from public, anon, authenticated;
grant execute on function public.create_collab_session(text, uuid, integer) to authenticated, service_role;

create or replace function public.join_collab_session(p_session_id uuid)
returns text
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  uid uuid := (select auth.uid());
  s public.collaboration_sessions;
  p public.collaboration_participants;
  joined_count integer;
begin
  if uid is null then
    raise exception 'sign in to join a session' using errcode = '42501';
  end if;
  select * into s from public.collaboration_sessions as cs where cs.id = p_session_id for update;
  if not found then
    raise exception 'session % not found', p_session_id using errcode = 'P0002';
  end if;

  select * into p from public.collaboration_participants as cp
  where cp.session_id = p_session_id and cp.user_id = uid;
  if found and p.status = 'joined' then
    return p.role;  -- already in: idempotent
  end if;
  if s.status <> 'active' then
    raise exception 'session % has ended', p_session_id using errcode = '55000';
  end if;

  select pg_catalog.count(*) into joined_count
  from public.collaboration_participants as cp
  where cp.session_id = p_session_id and cp.status = 'joined';
  if joined_count >= s.max_participants then
    raise exception 'session % is full', p_session_id using errcode = '55000';
  end if;

  insert into public.collaboration_participants as cp (session_id, user_id, role)
  values (p_session_id, uid, case when s.host_id = uid then 'host' else 'editor' end)
  on conflict (session_id, user_id) do update
    set status = 'joined', joined_at = pg_catalog.now(), left_at = null
  returning cp.role into p.role;
  return p.role;
end;
$$;

comment on function public.join_collab_session(uuid) is
'Joins an active, not full session as editor (idempotent); returns the caller''s role.';

revoke execute on function public.join_collab_session(uuid) from public, anon, authenticated;
grant execute on function public.join_collab_session(uuid) to authenticated, service_role;

create or replace function public.leave_collab_session(p_session_id uuid)
returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  uid uuid := (select auth.uid());
begin
  if uid is null then
    raise exception 'sign in to leave a session' using errcode = '42501';
  end if;
  update public.collaboration_participants as cp
  set
    status = 'left',
    left_at = coalesce(cp.left_at, pg_catalog.now())
  where cp.session_id = p_session_id and cp.user_id = uid;
  if not found then
    raise exception 'you are not a participant of session %', p_session_id using errcode = 'P0002';
  end if;
end;
$$;

comment on function public.leave_collab_session(uuid) is 'Marks the caller as having left the session (idempotent).';

revoke execute on function public.leave_collab_session(uuid) from public, anon, authenticated;
grant execute on function public.leave_collab_session(uuid) to authenticated, service_role;

create or replace function public.end_collab_session(p_session_id uuid)
returns void
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  uid uuid := (select auth.uid());
  s public.collaboration_sessions;
begin
  if uid is null then
    raise exception 'sign in to end a session' using errcode = '42501';
  end if;
  select * into s from public.collaboration_sessions as cs where cs.id = p_session_id for update;
  if not found or (s.host_id <> uid and not public.is_collab_member(p_session_id)) then
    raise exception 'session % not found', p_session_id using errcode = 'P0002';
  end if;
  if s.host_id <> uid then
    raise exception 'only the host can end session %', p_session_id using errcode = '42501';
  end if;
  if s.status = 'ended' then
    return;
  end if;

  update public.collaboration_sessions as cs
  set status = 'ended', ended_at = pg_catalog.now()
  where cs.id = p_session_id;
  update public.collaboration_participants as cp
  set status = 'left', left_at = pg_catalog.now()
  where cp.session_id = p_session_id and cp.status = 'joined';
end;
$$;

comment on function public.end_collab_session(uuid) is 'Host only: ends the session and marks every participant as left (idempotent).';

revoke execute on function public.end_collab_session(uuid) from public, anon, authenticated;
grant execute on function public.end_collab_session(uuid) to authenticated, service_role;
