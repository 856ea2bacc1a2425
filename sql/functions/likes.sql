-- Likes bookkeeping: mashups.like_count is kept equal to the mashup's likes.
--
-- What: public.mashup_likes_count(), the AFTER INSERT / UPDATE / DELETE statement
--   triggers mashup_likes_count_insert / _update / _delete: each statement's likes are
--   added to (removed from) like_count per mashup — an update that moves likes to another
--   mashup (only service_role may update likes) is a removal from the old mashup and an
--   addition to the new one — the liked mashups locked in id order first, so concurrent
--   bulk likes of the same mashups in different orders cannot deadlock. The "most liked" fallback of recommend_mashups ranks by it.
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
declare
  moved_ids uuid[];
  moved_by integer[];
begin
  -- the net change per mashup (a transition table exists only for its own operations)
  if tg_op = 'INSERT' then
    select pg_catalog.array_agg(d.mashup_id order by d.mashup_id),
           pg_catalog.array_agg(d.n order by d.mashup_id)
    into moved_ids, moved_by
    from (select n.mashup_id, pg_catalog.count(*)::integer as n
          from new_likes as n group by n.mashup_id) as d;
  elsif tg_op = 'DELETE' then
    select pg_catalog.array_agg(d.mashup_id order by d.mashup_id),
           pg_catalog.array_agg(-d.n order by d.mashup_id)
    into moved_ids, moved_by
    from (select o.mashup_id, pg_catalog.count(*)::integer as n
          from old_likes as o group by o.mashup_id) as d;
  else
    select pg_catalog.array_agg(d.mashup_id order by d.mashup_id),
           pg_catalog.array_agg(d.n order by d.mashup_id)
    into moved_ids, moved_by
    from (select c.mashup_id, pg_catalog.sum(c.n)::integer as n
          from (select n.mashup_id, 1 as n from new_likes as n
                union all
                select o.mashup_id, -1 as n from old_likes as o) as c
          group by c.mashup_id having pg_catalog.sum(c.n) <> 0) as d;
  end if;
  -- lock the mashup rows in id order first, so concurrent bulk likes cannot deadlock;
  -- likes deleted with their mashup find no row to lock or update
  perform 1 from public.mashups as m
  where m.id = any(moved_ids)
  order by m.id
  for no key update;
  update public.mashups as m
  set like_count = m.like_count + d.n
  from rows from (pg_catalog.unnest(moved_ids), pg_catalog.unnest(moved_by)) as d (mashup_id, n)
  where m.id = d.mashup_id;
  return null;
end;
$$;

comment on function public.mashup_likes_count() is
'AFTER INSERT/UPDATE/DELETE statement trigger on mashup_likes: keeps mashups.like_count exact.';

revoke execute on function public.mashup_likes_count() from public, anon, authenticated;

create or replace trigger mashup_likes_count_insert
after insert on public.mashup_likes
referencing new table as new_likes
for each statement execute function public.mashup_likes_count();

create or replace trigger mashup_likes_count_update
after update on public.mashup_likes
referencing old table as old_likes new table as new_likes
for each statement execute function public.mashup_likes_count();

create or replace trigger mashup_likes_count_delete
after delete on public.mashup_likes
referencing old table as old_likes
for each statement execute function public.mashup_likes_count();
