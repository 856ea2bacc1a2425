-- Policies of public.subscriptions.
--
-- What/who: a signed-in user reads own subscription. No write policies: only
--   service_role (the Stripe webhook, BYPASSRLS) writes; 0008 grants clients
--   select only; anon has no access.
-- Why: users never grant themselves a tier. Index: primary key (user_id).
--
-- requires: 0008_subscriptions

create policy subscriptions_select_own
on public.subscriptions
for select
to authenticated
using (user_id = (select auth.uid()));
