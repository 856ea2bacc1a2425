-- Policies of public.revenue_split_recipients.
--
-- What/who: a recipient reads own recipient rows; a split's creator reads all
--   recipient rows of own splits and inserts, updates (user_id, display_name,
--   wallet_address, percentage, role — never total_received or verified) and
--   deletes them while the split is draft or paused. anon nothing.
-- Why: the creator test goes through SECURITY DEFINER helpers
--   (public.revenue_split_ids_created(), public.revenue_split_is_editable())
--   so this policy never re-enters revenue_splits' RLS (the seed's pair
--   recursed: 42P17). Percentage totals are enforced by the trigger
--   revenue_split_recipients_check_total. Indexes: (user_id), (split_id).
--   The helper's ids are taken as an array (`split_id = any (array(select
--   ...))`), so the two select policies OR into a BitmapOr of both indexes;
--   `split_id in (select ...)` was a hashed SubPlan filter that forced a seq
--   scan of all recipient rows (docs/performance.md, 6).
--
-- requires: 0015_revenue_splits
-- depends: functions/revenue.sql

create policy revenue_split_recipients_select_own
on public.revenue_split_recipients
for select
to authenticated
using (user_id = (select auth.uid()));

create policy revenue_split_recipients_select_creator
on public.revenue_split_recipients
for select
to authenticated
using (split_id = any(array(select public.revenue_split_ids_created())));

create policy revenue_split_recipients_insert_creator
on public.revenue_split_recipients
for insert
to authenticated
with check (public.revenue_split_is_editable(split_id));

create policy revenue_split_recipients_update_creator
on public.revenue_split_recipients
for update
to authenticated
using (public.revenue_split_is_editable(split_id))
with check (public.revenue_split_is_editable(split_id));

create policy revenue_split_recipients_delete_creator
on public.revenue_split_recipients
for delete
to authenticated
using (public.revenue_split_is_editable(split_id));
