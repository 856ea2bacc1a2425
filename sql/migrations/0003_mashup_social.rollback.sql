-- Rollback of 0003_mashup_social: removes follows, comments and likes.

drop table if exists public.follows;
drop table if exists public.mashup_comments;
drop table if exists public.mashup_likes;
