-- Policies of public.trending_sounds.
--
-- What/who: everyone (anon and authenticated) reads trending sounds. No write
--   policies: only service_role (the ingestion cron, BYPASSRLS) writes, and
--   0011 grants clients select only.
--
-- requires: 0011_trending_sounds_voice_rooms

create policy trending_sounds_select_all
on public.trending_sounds
for select
to anon, authenticated
using (true);
