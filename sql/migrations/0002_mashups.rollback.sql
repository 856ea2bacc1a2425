-- Rollback of 0002_mashups: removes public.mashups.
-- Then drops, if still present, the helpers sql/functions/mashups.sql defines
-- on top of this migration (mashdb removes them before rolling back; this keeps
-- a plain yoyo rollback from leaving functions that refer to a dropped table).

drop table if exists public.mashups;
drop function if exists public.can_view_mashup(uuid);
drop function if exists public.is_mashup_creator(uuid);
