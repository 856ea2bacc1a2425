-- Rollback of 0015_revenue_splits: removes recipients and splits.
-- Also drops, if still present, what sql/functions/revenue.sql defines on top
-- of this migration (mashdb removes it before rolling back).

drop table if exists public.revenue_split_recipients;
drop table if exists public.revenue_splits;
drop function if exists public.revenue_split_ids_created();
drop function if exists public.revenue_split_ids_received();
drop function if exists public.revenue_split_is_editable(uuid);
drop function if exists public.revenue_splits_guard();
drop function if exists public.revenue_split_recipients_check_total();
drop function if exists public.record_revenue(uuid, numeric);
drop function if exists public.earnings_summary();
