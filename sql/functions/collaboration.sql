-- Collaboration membership helpers.
--
-- What: public.is_collab_member(session_id) — true when the caller
--   (auth.uid()) hosts the session or is a participant with status 'joined';
--   public.is_collab_host(session_id) — true when the caller hosts it;
--   public.collab_session_ids_of_caller() — the ids of the sessions the caller
--   hosts or has joined (the set is_collab_member() answers yes for), as an array.
-- Who: called inside the policies of collaboration_sessions,
--   collaboration_participants and voice_rooms (all `to authenticated`), and by
--   the collaboration functions; executable by authenticated and service_role.
--   The select policies use collab_session_ids_of_caller() as
--   `x = any((select ...)::uuid[])`: one call per statement (an InitPlan, an index
--   condition) instead of one is_collab_member() call per row. It returns an array,
--   not a set: no set-returning call and no array(select ...) around it (measured:
--   about a third of the cost of a member's 4-row participant list).
-- Why: collaboration_sessions' policy must read collaboration_participants and
--   vice versa, which recurses infinitely under RLS. These SECURITY DEFINER
--   helpers read both tables as their owner, breaking the cycle; they only
--   answer a yes/no question about the caller. search_path is pinned to
--   pg_catalog, pg_temp.
--   A participant who has left is no longer a member.
--
-- requires: 0007_collaboration

create or replace function public.is_collab_member(session_id uuid)
returns boolean
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select
    exists (
      select 1
      from public.collaboration_sessions as s
      where
        s.id = is_collab_member.session_id
        and s.host_id = (select auth.uid())
    )
    or exists (
      select 1
      from public.collaboration_participants as p
      where
        p.session_id = is_collab_member.session_id
        and p.user_id = (select auth.uid())
        and p.status = 'joined'
    )
$$;

comment on function public.is_collab_member(uuid) is
'True when the caller hosts the collaboration session or has joined it (and not left).';

revoke execute on function public.is_collab_member(uuid) from public, anon, authenticated;
grant execute on function public.is_collab_member(uuid) to authenticated, service_role;

create or replace function public.is_collab_host(session_id uuid)
returns boolean
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select exists (
    select 1
    from public.collaboration_sessions as s
    where
      s.id = is_collab_host.session_id
      and s.host_id = (select auth.uid())
  )
$$;

comment on function public.is_collab_host(uuid) is 'True when the caller hosts the collaboration session.';

revoke execute on function public.is_collab_host(uuid) from public, anon, authenticated;
grant execute on function public.is_collab_host(uuid) to authenticated, service_role;

create or replace function public.collab_session_ids_of_caller()
returns uuid[]
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select array(
    select s.id
    from public.collaboration_sessions as s
    where s.host_id = (select auth.uid())
    union
    select p.session_id
    from public.collaboration_participants as p
    where p.user_id = (select auth.uid()) and p.status = 'joined'
  )
$$;

comment on function public.collab_session_ids_of_caller() is
'Ids of the collaboration sessions the caller hosts or has joined (and not left), as an array; RLS helper.';

revoke execute on function public.collab_session_ids_of_caller() from public, anon, authenticated;
grant execute on function public.collab_session_ids_of_caller() to authenticated, service_role;
