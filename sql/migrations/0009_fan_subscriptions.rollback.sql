-- Rollback of 0009_fan_subscriptions: removes public.fan_subscriptions.

drop table if exists public.fan_subscriptions;
