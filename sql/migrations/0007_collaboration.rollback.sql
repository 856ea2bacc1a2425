-- Rollback of 0007_collaboration: removes participants and sessions.
-- Then drops, if still present, the helpers sql/functions/collaboration.sql
-- defines on top of this migration (mashdb removes them before rolling back;
-- this keeps a plain yoyo rollback from leaving functions that refer to
-- dropped tables).

drop table if exists public.collaboration_participants;
drop table if exists public.collaboration_sessions;
drop function if exists public.is_collab_member(uuid);
drop function if exists public.is_collab_host(uuid);
