-- Rollback of 0008_subscriptions: removes public.subscriptions.

drop table if exists public.subscriptions;
