-- Policies of public.challenges.
--
-- What/who: everyone (anon and authenticated) reads challenges. No write
--   policies: only service_role (BYPASSRLS) creates and advances challenges,
--   and 0004 grants clients nothing but select.
--
-- requires: 0004_challenges

create policy challenges_select_all
on public.challenges
for select
to anon, authenticated
using (true);
