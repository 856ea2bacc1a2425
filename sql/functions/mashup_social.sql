-- Comments of a mashup, read by its link.
--
-- What: public.get_mashup_comments(mashup_id) — the comments of a mashup the
--   caller may view (published public or unlisted, or own), oldest first; no rows
--   for a private or missing mashup.
-- Who: anon, authenticated and service_role (PostgREST: rpc/get_mashup_comments).
-- Why: mashup_comments' SELECT policy lists comments only of mashups that may be
--   listed (published public, or own): a comment names its mashup's id, so listing
--   comments of unlisted mashups would enumerate their links. Someone who has the
--   link reads them here, by id. SECURITY DEFINER (it reads past that policy) with
--   the caller check public.can_view_mashup(); search_path pinned to
--   pg_catalog, pg_temp. Served by the (mashup_id, created_at) index.
--
-- requires: 0003_mashup_social
-- depends: functions/mashups.sql

create or replace function public.get_mashup_comments(p_mashup_id uuid)
returns setof public.mashup_comments
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select c.*
  from public.mashup_comments as c
  where c.mashup_id = get_mashup_comments.p_mashup_id and public.can_view_mashup(get_mashup_comments.p_mashup_id)
  order by c.created_at, c.id
$$;

comment on function public.get_mashup_comments(uuid) is
'The comments of a mashup the caller may view (unlisted: by its link), oldest first; no rows otherwise.';

revoke execute on function public.get_mashup_comments(uuid) from public, anon, authenticated;
grant execute on function public.get_mashup_comments(uuid) to anon, authenticated, service_role;
