-- 0003_mashup_social: likes, comments and follows.
--
-- What: public.mashup_likes (one per user per mashup), public.mashup_comments,
--   public.follows (user -> user, no self-follow).
-- Who: likes and comments are readable by whoever can view the mashup
--   (public.can_view_mashup); a signed-in user likes/unlikes as self, comments
--   as self and edits/deletes own comments; a mashup's creator may also delete
--   comments on it. Follows are public; a user follows/unfollows as self.
--   Policies: sql/policies/{mashup_likes,mashup_comments,follows}.sql.
-- Why: writes are granted per column so clients cannot forge created_at or
--   move a comment to another mashup/user; every column a policy filters on
--   is indexed (composite primary keys cover their leading column).
--
-- depends: 0002_mashups

create table public.mashup_likes (
  user_id uuid not null references public.profiles (id) on delete cascade,
  mashup_id uuid not null references public.mashups (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (user_id, mashup_id)
);

create index mashup_likes_mashup_id_idx on public.mashup_likes (mashup_id);

create table public.mashup_comments (
  id uuid primary key default gen_random_uuid(),
  mashup_id uuid not null references public.mashups (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  body text not null check (length(body) between 1 and 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index mashup_comments_mashup_id_created_at_idx on public.mashup_comments (mashup_id, created_at);
create index mashup_comments_user_id_idx on public.mashup_comments (user_id);

create table public.follows (
  follower_id uuid not null references public.profiles (id) on delete cascade,
  following_id uuid not null references public.profiles (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (follower_id, following_id),
  check (follower_id <> following_id)
);

create index follows_following_id_idx on public.follows (following_id);

alter table public.mashup_likes enable row level security;
alter table public.mashup_comments enable row level security;
alter table public.follows enable row level security;

revoke all on table public.mashup_likes from anon, authenticated;
grant select on table public.mashup_likes to anon, authenticated;
grant insert (user_id, mashup_id) on table public.mashup_likes to authenticated;
grant delete on table public.mashup_likes to authenticated;
grant all on table public.mashup_likes to service_role;

revoke all on table public.mashup_comments from anon, authenticated;
grant select on table public.mashup_comments to anon, authenticated;
grant insert (mashup_id, user_id, body) on table public.mashup_comments to authenticated;
grant update (body) on table public.mashup_comments to authenticated;
grant delete on table public.mashup_comments to authenticated;
grant all on table public.mashup_comments to service_role;

revoke all on table public.follows from anon, authenticated;
grant select on table public.follows to anon, authenticated;
grant insert (follower_id, following_id) on table public.follows to authenticated;
grant delete on table public.follows to authenticated;
grant all on table public.follows to service_role;
