-- Rollback of 0014_gamification: removes the XP ledger, earned badges, the
-- badge catalogue and the per-user gamification rows.
-- Also drops, if still present, what sql/functions/gamification.sql defines on
-- top of this migration (mashdb removes it before rolling back; this keeps a
-- plain yoyo rollback from leaving triggers on mashups/mashup_likes/battle_votes
-- that call a dropped function).

drop trigger if exists mashups_award_publish_xp on public.mashups;
drop trigger if exists mashup_likes_award_like_xp on public.mashup_likes;
drop trigger if exists battle_votes_award_vote_xp on public.battle_votes;
drop function if exists public.trg_award_publish_xp();
drop function if exists public.trg_award_like_xp();
drop function if exists public.trg_award_vote_xp();
drop function if exists public.award_xp(uuid, integer, text, uuid, jsonb, text, boolean);
drop function if exists public.xp_level(integer);
drop table if exists public.xp_transactions;
drop table if exists public.user_badges;
drop table if exists public.badges;
drop table if exists public.user_gamification;
