-- Rollback of 0013_battle_votes: removes public.battle_votes.
-- Also drops, if still present, what sql/functions/battles.sql defines on top
-- of this migration (mashdb removes it before rolling back; this keeps a plain
-- yoyo rollback clean).

drop function if exists public.battle_tally(uuid);
drop table if exists public.battle_votes;
drop function if exists public.battle_votes_validate();
