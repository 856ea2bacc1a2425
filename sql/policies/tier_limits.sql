-- Policies of public.tier_limits.
--
-- What/who: everyone (anon and authenticated) reads the limits (they are the
--   pricing table); only service_role (BYPASSRLS, full grant) writes them.
-- Why: no client write policies and no client write grants.
--
-- requires: 0019_tier_limits

create policy tier_limits_select_all
on public.tier_limits
for select
to anon, authenticated
using (true);
