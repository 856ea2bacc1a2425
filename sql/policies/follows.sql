-- Policies of public.follows.
--
-- What/who: the follow graph is public (anon and authenticated read it); a
--   signed-in user follows and unfollows as self (follower_id = caller).
--   No update.
-- Why: follower/following counts are public on profiles. Indexes: primary key
--   (follower_id, following_id), follows_following_id_idx.
--
-- requires: 0003_mashup_social

create policy follows_select_all
on public.follows
for select
to anon, authenticated
using (true);

create policy follows_insert_own
on public.follows
for insert
to authenticated
with check (follower_id = (select auth.uid()));

create policy follows_delete_own
on public.follows
for delete
to authenticated
using (follower_id = (select auth.uid()));
