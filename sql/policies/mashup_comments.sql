-- Policies of public.mashup_comments.
--
-- What/who: comments are readable (anon too) when the mashup may be listed to the
--   caller (published public, or the caller's own), and the author reads own
--   comments; comments of an unlisted mashup are read by its link through
--   public.get_mashup_comments(id). A signed-in user comments, as self, on a
--   mashup they can view (unlisted too: the id is the link), edits
--   (body only, per the 0003 grant) and deletes own comments; the mashup's
--   creator may also delete any comment on their mashup (moderation).
-- Why: the listed test is the row's mashup_listed flag (0025, kept exact by
--   functions/listed_flags.sql), not a SECURITY DEFINER call per row; the creator's
--   mashup ids are read once (an InitPlan array; mashups' policies read no comment).
--   Writes keep the helpers of functions/mashups.sql (one call per written row).
--   Indexes: (mashup_id, created_at) include (mashup_listed, user_id), (user_id).
--
-- requires: 0025_read_shapes_and_hot_rows
-- depends: functions/mashups.sql
-- depends: functions/listed_flags.sql

create policy mashup_comments_select_listed
on public.mashup_comments
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

create policy mashup_comments_insert_own
on public.mashup_comments
for insert
to authenticated
with check (user_id = (select auth.uid()) and public.can_view_mashup(mashup_id));

create policy mashup_comments_update_own
on public.mashup_comments
for update
to authenticated
using (user_id = (select auth.uid()))
with check (user_id = (select auth.uid()));

create policy mashup_comments_delete_own
on public.mashup_comments
for delete
to authenticated
using (user_id = (select auth.uid()));

create policy mashup_comments_delete_by_mashup_creator
on public.mashup_comments
for delete
to authenticated
using (public.is_mashup_creator(mashup_id));
