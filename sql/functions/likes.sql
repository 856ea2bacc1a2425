-- Likes bookkeeping: mashups.like_count is kept equal to the mashup's likes.
--
-- What: public.mashup_likes_count(), the AFTER INSERT / AFTER DELETE statement
--   triggers mashup_likes_count_insert / mashup_likes_count_delete: each statement's
--   likes are added to (removed from) like_count per mashup, the liked mashups locked
--   in id order first, so concurrent bulk likes of the same mashups in different orders
--   cannot deadlock. The "most liked" fallback of recommend_mashups ranks by it.
-- Who: fired by triggers only (execute revoked from everyone); clients cannot write
--   like_count (0002 leaves it out of the column grants).
-- Why: SECURITY DEFINER because likers have no update grant on mashups; statement
--   level so a bulk like is one update per mashup. The mashup row is written once per
--   like statement: likes of one mashup already serialise on its creator's XP row, so
--   this adds no new waiting between likers (plays never touch the mashup row). Its
--   trigger names sort before the analytics (log) and XP (xp) triggers on
--   mashup_likes: every like locks the mashup row, then rollup rows, then creator rows.
--
-- requires: 0003_mashup_social
-- depends: functions/mashups.sql

create or replace function public.mashup_likes_count()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  -- lock the mashup rows in id order first, so concurrent bulk likes cannot deadlock
  if tg_op = 'INSERT' then
    perform 1 from public.mashups as m
    where m.id in (select n.mashup_id from new_likes as n)
    order by m.id
    for no key update;
    update public.mashups as m
    set like_count = m.like_count + d.n
    from (select n.mashup_id, pg_catalog.count(*)::integer as n from new_likes as n group by n.mashup_id) as d
    where m.id = d.mashup_id;
  else
    -- likes deleted with their mashup find no row to update
    perform 1 from public.mashups as m
    where m.id in (select o.mashup_id from old_likes as o)
    order by m.id
    for no key update;
    update public.mashups as m
    set like_count = m.like_count - d.n
    from (select o.mashup_id, pg_catalog.count(*)::integer as n from old_likes as o group by o.mashup_id) as d
    where m.id = d.mashup_id;
  end if;
  return null;
end;
$$;

comment on function public.mashup_likes_count() is
'AFTER INSERT/DELETE statement trigger on mashup_likes: keeps mashups.like_count exact.';

revoke execute on function public.mashup_likes_count() from public, anon, authenticated;

create or replace trigger mashup_likes_count_insert
after insert on public.mashup_likes
referencing new table as new_likes
for each statement execute function public.mashup_likes_count();

create or replace trigger mashup_likes_count_delete
after delete on public.mashup_likes
referencing old table as old_likes
for each statement execute function public.mashup_likes_count();
