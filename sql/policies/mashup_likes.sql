-- Policies of public.mashup_likes.
--
-- What/who: likes are readable (anon too) when the liked mashup may be listed to
--   the caller (published public, or the caller's own), and the liker reads own
--   likes; a signed-in user likes, as self, a mashup they can view (an unlisted one
--   too: knowing its id is having the link), and removes own likes. No update (a
--   like has nothing to edit).
-- Why: public.can_list_mashup() keeps likes of private *and unlisted* mashups from
--   being enumerated (a like names its mashup's id, which is the link).
--   Indexes: primary key (user_id, mashup_id), mashup_likes_mashup_id_idx.
--
-- requires: 0003_mashup_social
-- depends: functions/mashups.sql

create policy mashup_likes_select_listed
on public.mashup_likes
for select
to anon, authenticated
using (user_id = (select auth.uid()) or public.can_list_mashup(mashup_id));

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
