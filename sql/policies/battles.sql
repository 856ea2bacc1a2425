-- Policies of public.battles.
--
-- What/who: everyone (anon and authenticated) reads battles. No write
--   policies: only service_role (BYPASSRLS) creates, closes and decides
--   battles, and 0005 grants clients nothing but select.
--
-- requires: 0005_battles

create policy battles_select_all
on public.battles
for select
to anon, authenticated
using (true);
