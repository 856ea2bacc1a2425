-- Policies of public.mashup_likes.
--
-- What/who: likes are readable (anon too) when the liked mashup is viewable by
--   the caller; a signed-in user likes, as self, a mashup they can view, and
--   removes own likes. No update (a like has nothing to edit).
-- Why: public.can_view_mashup() keeps likes of private mashups private.
--   Indexes: primary key (user_id, mashup_id), mashup_likes_mashup_id_idx.
--
-- requires: 0003_mashup_social
-- depends: functions/mashups.sql

create policy mashup_likes_select_viewable
on public.mashup_likes
for select
to anon, authenticated
using (public.can_view_mashup(mashup_id));

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
