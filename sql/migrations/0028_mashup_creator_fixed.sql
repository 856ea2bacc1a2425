-- 0028_mashup_creator_fixed: a mashup's creator never changes, so no copy of it goes stale.
--
-- What: service_role loses its update privilege on mashups.creator_id (it keeps update on
--   every other column, now granted per column); no client role ever had it (0002). Rows
--   of analytics_daily_rollup whose creator_id no longer names their mashup's creator (a
--   mashup moved by service_role before this migration) are given the current creator.
-- Who: the migrating role. Nothing is widened: service_role keeps select, insert, delete,
--   truncate and update of all other columns; clients are unchanged.
-- Why: the rollup's select policy tests its own copy of the creator (creator_id =
--   auth.uid(), the index the time series reads), and the rollup trigger copies it only
--   when it creates a shard row (0025). Moving a mashup to another creator left every
--   existing shard readable by the previous creator (the plays, likes and comments of a
--   mashup that is no longer theirs) and hidden from the new one, and later shards split
--   between the two. Carrying the change to the shards instead would race the rollup's
--   inserts (a play in flight copies the old creator) unless every rollup write locked
--   the mashup row, which deadlocks against a mashup delete cascading into the comment a
--   concurrent delete holds. The product has no ownership transfer; a creator's mashups
--   go with the creator's profile (on delete cascade). A new column of mashups needs its
--   own `grant update (...)` to service_role from now on.
--
-- depends: 0025_read_shapes_and_hot_rows

revoke update on table public.mashups from service_role;

grant update (
  id, title, description, genre, tags, audio_url, cover_url, duration_seconds, visibility,
  status, published_at, like_count, embedding, created_at, updated_at
) on table public.mashups to service_role;

update public.analytics_daily_rollup as r
set creator_id = m.creator_id
from public.mashups as m
where m.id = r.mashup_id and r.creator_id <> m.creator_id;
