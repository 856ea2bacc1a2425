-- Policies of public.revenue_splits.
--
-- What/who: the creator and the recipients of a split read it; a signed-in
--   user creates a split as its creator on a mashup they created; the creator
--   updates own splits (only the columns 0015 grants: status,
--   payout_frequency, minimum_payout, chain_id, contract_address — never
--   money) and deletes own draft splits that never took money. anon nothing.
-- Why: the seed's select policy read revenue_split_recipients, whose policy
--   read revenue_splits: 42P17 infinite recursion on every signed-in select.
--   Recipients are found through public.revenue_split_ids_received(), a
--   SECURITY DEFINER helper evaluated once per statement, taken as an array
--   (`id = any (array(select ...))`) so that both select policies OR into a
--   BitmapOr of the primary key and (creator_id); `id in (select ...)` was a
--   hashed SubPlan filter, a seq scan of all splits (docs/performance.md, 6).
--   Indexes: (creator_id), recipients (user_id).
--
-- requires: 0015_revenue_splits
-- depends: functions/revenue.sql
-- depends: functions/mashups.sql

create policy revenue_splits_select_creator
on public.revenue_splits
for select
to authenticated
using (creator_id = (select auth.uid()));

create policy revenue_splits_select_recipient
on public.revenue_splits
for select
to authenticated
using (id = any(array(select public.revenue_split_ids_received())));

create policy revenue_splits_insert_creator
on public.revenue_splits
for insert
to authenticated
with check (
  creator_id = (select auth.uid())
  and mashup_id is not null
  and public.is_mashup_creator(mashup_id)
);

create policy revenue_splits_update_creator
on public.revenue_splits
for update
to authenticated
using (creator_id = (select auth.uid()))
with check (creator_id = (select auth.uid()));

create policy revenue_splits_delete_creator
on public.revenue_splits
for delete
to authenticated
using (creator_id = (select auth.uid()) and status = 'draft' and total_revenue = 0);
