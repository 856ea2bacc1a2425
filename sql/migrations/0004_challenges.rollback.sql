-- Rollback of 0004_challenges: removes challenge entries and challenges.

drop table if exists public.challenge_entries;
drop table if exists public.challenges;
