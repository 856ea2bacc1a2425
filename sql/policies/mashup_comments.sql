-- Policies of public.mashup_comments.
--
-- What/who: comments are readable (anon too) when the mashup may be listed to the
--   caller (published public, or the caller's own), and the author reads own
--   comments; comments of an unlisted mashup are read by its link through
--   public.get_mashup_comments(id). A signed-in user comments, as self, on a
--   mashup they can view (unlisted too: the id is the link), edits
--   (body only, per the 0003 grant) and deletes own comments; the mashup's
--   creator may also delete any comment on their mashup (moderation).
-- Why: helpers from functions/mashups.sql avoid re-entering the mashups
--   policies. Indexes: (mashup_id, created_at), (user_id).
--
-- requires: 0003_mashup_social
-- depends: functions/mashups.sql

create policy mashup_comments_select_listed
on public.mashup_comments
for select
to anon, authenticated
using (user_id = (select auth.uid()) or public.can_list_mashup(mashup_id));

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
