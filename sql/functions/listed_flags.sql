-- The mashup_listed flag of likes, comments and captions: a copy of "the row's mashup
-- is published and public", kept exact so that the tables' select policies test a
-- column instead of calling a SECURITY DEFINER helper for every row.
--
-- What:
--   public.mashup_child_set_listed() — BEFORE INSERT / UPDATE OF mashup_id,
--     mashup_listed row trigger on mashup_likes, mashup_comments and captions: the
--     flag is always computed from the mashup row (whatever a writer passed). A row
--     moved to another mashup (service_role may update mashup_id) locks that mashup
--     FOR SHARE before reading it, as the insert recheck does.
--   public.mashup_child_recheck_listed() — AFTER INSERT statement trigger on the
--     same tables: locks the new rows' mashups FOR SHARE in id order (a visibility
--     change in flight is waited for), then corrects any flag the unlocked read of
--     the row trigger got wrong because that change committed meanwhile.
--   public.mashups_sync_listed() — AFTER UPDATE OF status, visibility row trigger on
--     mashups, when the listed state changes: rewrites the flag of the mashup's
--     likes, comments and captions. Comments and captions are rewritten waiting for
--     rows other transactions hold (none of their writers waits for the mashup row).
--     Likes are rewritten skipping rows other transactions hold: an unlike holds its
--     like row and then waits for the mashup row (like_count), so waiting here would
--     deadlock; if a held like row is left with the old flag, the change fails with
--     40001 (serialization_failure, retry) rather than leave it listed.
-- Who: fired by triggers only (execute revoked from everyone); clients have no grant on
--   the flag columns.
-- Why: SECURITY DEFINER (mashups' policies would hide an unlisted mashup from the
--   writer; clients cannot update the flag) with search_path pinned to pg_catalog,
--   pg_temp. A change of the listed state is refused (0A000) outside READ COMMITTED:
--   a REPEATABLE READ or SERIALIZABLE snapshot cannot see comments and captions
--   committed after it (their inserts only lock the mashup FOR SHARE, which such a
--   transaction's update of the mashup does not conflict with once they committed), so
--   they would stay listed on a private mashup. The API runs READ COMMITTED; an insert
--   or a move made at those levels that races a change fails with 40001 (its FOR SHARE
--   lock meets the concurrent update).
--
-- requires: 0025_read_shapes_and_hot_rows
-- depends: functions/likes.sql
-- depends: functions/captions.sql

create or replace function public.mashup_child_set_listed()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  -- a re-pointed row has no AFTER recheck: its new mashup is locked FOR SHARE first, so
  -- a visibility change in flight is waited for (and then read), and one that starts
  -- later waits for this row's commit and rewrites it (its trigger sees the row)
  if tg_op = 'UPDATE' and new.mashup_id is distinct from old.mashup_id then
    perform 1 from public.mashups as m where m.id = new.mashup_id for share;
  end if;
  new.mashup_listed := coalesce((
    select m.status = 'published' and m.visibility = 'public'
    from public.mashups as m
    where m.id = new.mashup_id
  ), false);
  return new;
end;
$$;

comment on function public.mashup_child_set_listed() is
'BEFORE row trigger on likes/comments/captions: mashup_listed = the mashup is published and public.';

revoke execute on function public.mashup_child_set_listed() from public, anon, authenticated;

create or replace function public.mashup_child_recheck_listed()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  perform 1 from public.mashups as m
  where m.id in (select n.mashup_id from new_rows as n)
  order by m.id
  for share;
  -- one statement for the three tables: a like is keyed by (user_id, mashup_id), the
  -- others by id; the transition table new_rows is visible to EXECUTE
  execute pg_catalog.format(
    'update public.%I as t set mashup_listed = not t.mashup_listed
     from new_rows as n, public.mashups as m
     where %s and m.id = n.mashup_id
       and t.mashup_listed is distinct from (m.status = ''published'' and m.visibility = ''public'')',
    tg_table_name,
    case when tg_table_name = 'mashup_likes' then 't.user_id = n.user_id and t.mashup_id = n.mashup_id'
      else 't.id = n.id' end
  );
  return null;
end;
$$;

comment on function public.mashup_child_recheck_listed() is
'AFTER INSERT statement trigger on likes/comments/captions: with the mashups locked, corrects a flag raced by a visibility change.';

revoke execute on function public.mashup_child_recheck_listed() from public, anon, authenticated;

create or replace function public.mashups_sync_listed()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  listed boolean := new.status = 'published' and new.visibility = 'public';
begin
  if pg_catalog.current_setting('transaction_isolation') <> 'read committed' then
    raise exception 'mashup % may change visibility only in a READ COMMITTED transaction', new.id
    using errcode = '0A000',
    hint = 'a later snapshot level cannot see comments and captions committed after it, '
    'which would keep their listed flag';
  end if;
  update public.mashup_comments as c
  set mashup_listed = listed
  where c.mashup_id = new.id and c.mashup_listed <> listed;

  update public.captions as c
  set mashup_listed = listed
  where c.mashup_id = new.id and c.mashup_listed <> listed;

  update public.mashup_likes as l
  set mashup_listed = listed
  where l.ctid = any(array(
    select h.ctid
    from public.mashup_likes as h
    where h.mashup_id = new.id and h.mashup_listed <> listed
    for update skip locked
  ));
  if exists (
    select 1
    from public.mashup_likes as l
    where l.mashup_id = new.id and l.mashup_listed <> listed
  ) then
    raise exception 'likes of mashup % are being changed concurrently; retry', new.id
    using errcode = '40001';
  end if;
  return null;
end;
$$;

comment on function public.mashups_sync_listed() is
'AFTER UPDATE trigger on mashups: when the listed state changes, rewrites mashup_listed of its likes, comments, captions.';

revoke execute on function public.mashups_sync_listed() from public, anon, authenticated;

create or replace trigger mashups_sync_listed
after update of status, visibility on public.mashups
for each row
when ((old.status = 'published' and old.visibility = 'public') is distinct from (new.status = 'published' and new.visibility = 'public'))
execute function public.mashups_sync_listed();

create or replace trigger mashup_likes_set_listed
before insert or update of mashup_id, mashup_listed on public.mashup_likes
for each row execute function public.mashup_child_set_listed();

create or replace trigger mashup_comments_set_listed
before insert or update of mashup_id, mashup_listed on public.mashup_comments
for each row execute function public.mashup_child_set_listed();

create or replace trigger captions_set_listed
before insert or update of mashup_id, mashup_listed on public.captions
for each row execute function public.mashup_child_set_listed();

-- names sort after mashup_likes_count_insert (which already holds the mashup row for no
-- key update) and before the log/xp triggers
create or replace trigger mashup_likes_listed_recheck
after insert on public.mashup_likes
referencing new table as new_rows
for each statement execute function public.mashup_child_recheck_listed();

create or replace trigger mashup_comments_listed_recheck
after insert on public.mashup_comments
referencing new table as new_rows
for each statement execute function public.mashup_child_recheck_listed();

create or replace trigger captions_listed_recheck
after insert on public.captions
referencing new table as new_rows
for each statement execute function public.mashup_child_recheck_listed();
