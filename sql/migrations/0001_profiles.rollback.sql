-- Rollback of 0001_profiles: removes public.profiles.
-- Also drops, if still present, the sign-up trigger on auth.users and the
-- functions sql/functions/{profiles,common}.sql define on top of this migration
-- (mashdb removes them before rolling back; this keeps a plain yoyo rollback
-- from leaving a trigger on auth.users that would make every sign-up fail).

drop trigger if exists on_auth_user_created on auth.users;
drop table if exists public.profiles;
drop function if exists public.handle_new_user();
drop function if exists public.set_updated_at();
