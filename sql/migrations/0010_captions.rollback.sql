-- Rollback of 0010_captions: removes public.captions.

drop table if exists public.captions;
