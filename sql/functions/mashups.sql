-- Mashup visibility helpers and mashup bookkeeping triggers.
--
-- What: public.can_view_mashup(mashup_id) — true when the mashup is published
--   and public/unlisted, or the caller (auth.uid()) is its creator;
--   public.is_mashup_creator(mashup_id) — true when the caller created it.
--   mashups_set_updated_at keeps mashups.updated_at current (not when only the
--   server-kept like_count changes: a like is not an edit).
-- Who: called inside the policies of tables about a mashup (likes, comments,
--   captions, challenge entries, analytics, ...): executable by anon,
--   authenticated and service_role, so that a policy naming anon may use either
--   (for anon, auth.uid() is null and is_mashup_creator() is always false).
-- Why: SECURITY DEFINER so a policy on another table can ask "may the caller
--   see mashup X" with one indexed primary-key probe instead of re-entering
--   the mashups policies (and so no policy pair can recurse); the answer is a
--   boolean about the caller only, and a private mashup looks exactly like a
--   missing one. search_path is pinned to '' and every name is qualified.
--
-- requires: 0002_mashups
-- depends: functions/common.sql

create or replace function public.can_view_mashup(mashup_id uuid)
returns boolean
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select exists (
    select 1
    from public.mashups as m
    where
      m.id = can_view_mashup.mashup_id
      and (
        (m.status = 'published' and m.visibility in ('public', 'unlisted'))
        or m.creator_id = (select auth.uid())
      )
  )
$$;

comment on function public.can_view_mashup(uuid) is
'True when the caller may see the mashup: published and public/unlisted, or created by the caller.';

revoke execute on function public.can_view_mashup(uuid) from public, anon, authenticated;
grant execute on function public.can_view_mashup(uuid) to anon, authenticated, service_role;

create or replace function public.is_mashup_creator(mashup_id uuid)
returns boolean
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select exists (
    select 1
    from public.mashups as m
    where
      m.id = is_mashup_creator.mashup_id
      and m.creator_id = (select auth.uid())
  )
$$;

comment on function public.is_mashup_creator(uuid) is 'True when the caller (auth.uid()) created the mashup.';

revoke execute on function public.is_mashup_creator(uuid) from public, anon, authenticated;
grant execute on function public.is_mashup_creator(uuid) to anon, authenticated, service_role;

create or replace trigger mashups_set_updated_at
before update on public.mashups
for each row when (old.like_count = new.like_count)
execute function public.set_updated_at();
