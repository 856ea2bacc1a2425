-- Policies of public.mashup_likes.
--
-- What/who: likes are readable (anon too) when the liked mashup may be listed to
--   the caller (published public, or the caller's own), and the liker reads own
--   likes; a signed-in user likes, as self, a mashup they can view (an unlisted one
--   too: knowing its id is having the link), and removes own likes. No update (a
--   like has nothing to edit).
-- Why: likes of private *and unlisted* mashups are never enumerated (a like names
--   its mashup's id, which is the link). The listed test is the row's mashup_listed
--   flag (0025, kept exact by functions/listed_flags.sql), not a SECURITY DEFINER
--   call per row; the creator's mashup ids are read once (an InitPlan array, mashups'
--   own policy shows a creator their rows; it reads no like, so no recursion).
--   Indexes: primary key (user_id, mashup_id), mashup_likes_mashup_id_listed_idx
--   (mashup_id) include (mashup_listed, user_id): counting a mashup's likes stays an
--   index-only scan under RLS.
--
-- requires: 0025_read_shapes_and_hot_rows
-- depends: functions/mashups.sql
-- depends: functions/listed_flags.sql

create policy mashup_likes_select_listed
on public.mashup_likes
for select
to anon, authenticated
using (
  mashup_listed
  or user_id = (select auth.uid())
  or mashup_id = any(array(
    select m.id
    from public.mashups as m
    where m.creator_id = (select auth.uid())
  ))
);

create policy mashup_likes_insert_own
on public.mashup_likes
for insert
to authenticated
with check (user_id = (select auth.uid()) and public.can_view_mashup(mashup_id));

create policy mashup_likes_delete_own
on public.mashup_likes
for delete
to authenticated
using (user_id = (select auth.uid()));
