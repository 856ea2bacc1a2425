-- Policies of public.fan_subscriptions.
--
-- What/who: the fan and the creator of a fan subscription read it. No write
--   policies: only service_role (the Stripe webhook, BYPASSRLS) writes; 0009
--   grants clients select only; anon has no access.
-- Why: money rows are never client-writable. Indexes: unique (fan_id,
--   creator_id), (creator_id).
--
-- requires: 0009_fan_subscriptions

create policy fan_subscriptions_select_fan
on public.fan_subscriptions
for select
to authenticated
using (fan_id = (select auth.uid()));

create policy fan_subscriptions_select_creator
on public.fan_subscriptions
for select
to authenticated
using (creator_id = (select auth.uid()));
