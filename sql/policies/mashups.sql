-- Policies of public.mashups.
--
-- What/who: everyone (anon and authenticated) reads published public mashups;
--   a signed-in creator reads all own mashups (drafts, private, unlisted) and
--   inserts, updates and deletes own mashups (only the columns 0002/0024 grant, so
--   never play_count/like_count/published_at).
-- Why: unlisted means "anyone with the link", not "listed": a policy cannot tell
--   a fetch by id from a filter that enumerates, so no policy shows unlisted rows
--   of others; the link is opened through public.get_mashup(id). Visibility is
--   expressed directly on the row here (no helper needed); other tables ask
--   public.can_list_mashup(). Indexes: (creator_id, created_at) and
--   (status, visibility, published_at).
--   The caller is public.caller_id(), not auth.uid(): the same value, but planning a
--   read names one function instead of parsing auth.uid()'s body (the feed is a
--   0.1 ms read; inlining auth.uid() cost a signed-in reader about 30 % of it, even
--   though the owner branch is proven redundant for the feed's filter and never runs).
--
-- requires: 0002_mashups
-- depends: functions/caller.sql

create policy mashups_select_published
on public.mashups
for select
to anon, authenticated
using (status = 'published' and visibility = 'public');

create policy mashups_select_own
on public.mashups
for select
to authenticated
using (creator_id = (select public.caller_id()));

create policy mashups_insert_own
on public.mashups
for insert
to authenticated
with check (creator_id = (select public.caller_id()));

create policy mashups_update_own
on public.mashups
for update
to authenticated
using (creator_id = (select public.caller_id()))
with check (creator_id = (select public.caller_id()));

create policy mashups_delete_own
on public.mashups
for delete
to authenticated
using (creator_id = (select public.caller_id()));
