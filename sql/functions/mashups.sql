-- Mashup visibility helpers and mashup bookkeeping triggers.
--
-- What: public.can_view_mashup(mashup_id) — true when the caller may open the
--   mashup by its id: published and public/unlisted, or the caller (auth.uid()) is
--   its creator; public.can_list_mashup(mashup_id) — true when the mashup may be
--   *listed* to the caller: published and public, or the caller's own (unlisted
--   means "anyone with the link", so nothing that enumerates rows may show it);
--   public.is_mashup_creator(mashup_id) — true when the caller created it.
--   public.get_mashup(mashup_id) — the one way to read an unlisted mashup: by its
--   id (the link), returning the row when can_view_mashup() holds, else no row.
--   mashups_set_updated_at keeps mashups.updated_at current (not when only the
--   server-kept like_count changes: a like is not an edit);
--   mashups_stamp_published_at stamps published_at (server-owned since 0024).
-- Who: the helpers are called inside the policies of tables about a mashup
--   (likes, comments, captions, challenge entries, analytics, ...) and by
--   functions taking a mashup id: executable by anon, authenticated and
--   service_role, so that a policy naming anon may use them (for anon, auth.uid()
--   is null and is_mashup_creator() is always false). get_mashup: anon,
--   authenticated, service_role. The trigger functions are never called.
-- Why: SECURITY DEFINER so a policy on another table can ask "may the caller
--   see mashup X" with one indexed primary-key probe instead of re-entering
--   the mashups policies (and so no policy pair can recurse); the answer is a
--   boolean about the caller only, and a private mashup looks exactly like a
--   missing one. Table and child-table SELECT policies use can_list_mashup();
--   writes that name a mashup id (a like, a comment) use can_view_mashup(),
--   since knowing the id is having the link. search_path is pinned to
--   pg_catalog, pg_temp (pg_temp last, so a caller's temporary type cannot
--   shadow a type name) and every name is qualified.
--   published_at: clients have no grant on it (0024); the trigger sets it to
--   now() the first time a row is published (insert or update) and leaves it
--   alone afterwards, so unpublishing and republishing keeps the first date and
--   a client can never date a mashup into the future. service_role may still set
--   it (imports of dated catalogues).
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

create or replace function public.can_list_mashup(mashup_id uuid)
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
      m.id = can_list_mashup.mashup_id
      and (
        (m.status = 'published' and m.visibility = 'public')
        or m.creator_id = (select auth.uid())
      )
  )
$$;

comment on function public.can_list_mashup(uuid) is
'True when the mashup may be listed to the caller: published and public, or created by the caller (never unlisted).';

revoke execute on function public.can_list_mashup(uuid) from public, anon, authenticated;
grant execute on function public.can_list_mashup(uuid) to anon, authenticated, service_role;

create or replace function public.get_mashup(p_mashup_id uuid)
returns setof public.mashups
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select m.*
  from public.mashups as m
  where m.id = get_mashup.p_mashup_id and public.can_view_mashup(get_mashup.p_mashup_id)
$$;

comment on function public.get_mashup(uuid) is
'The mashup with this id (the link) when the caller may view it (published public/unlisted, or own); else no row.';

revoke execute on function public.get_mashup(uuid) from public, anon, authenticated;
grant execute on function public.get_mashup(uuid) to anon, authenticated, service_role;

create or replace trigger mashups_set_updated_at
before update on public.mashups
for each row when (old.like_count = new.like_count)
execute function public.set_updated_at();

create or replace function public.mashups_stamp_published_at()
returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
  if new.status = 'published' and new.published_at is null then
    new.published_at := pg_catalog.now();
  end if;
  return new;
end;
$$;

comment on function public.mashups_stamp_published_at() is
'BEFORE INSERT/UPDATE trigger on mashups: stamps published_at = now() on first publish; never moves it.';

revoke execute on function public.mashups_stamp_published_at() from public, anon, authenticated;

create or replace trigger mashups_stamp_published_at
before insert or update of status, published_at on public.mashups
for each row execute function public.mashups_stamp_published_at();
