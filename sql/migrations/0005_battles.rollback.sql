-- Rollback of 0005_battles: removes public.battles.

drop table if exists public.battles;
