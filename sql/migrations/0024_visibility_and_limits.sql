-- 0024_visibility_and_limits: server-owned publish time, length limits on the columns
-- clients write directly, and no sequence privilege for client roles.
--
-- What:
--   * mashups.published_at is no longer client-writable (insert/update grants of 0002
--     revoked): the trigger mashups_stamp_published_at (sql/functions/mashups.sql)
--     stamps it on first publish and it never moves afterwards. Existing rows dated in
--     the future are brought back to their creation time (future-dated drafts: cleared),
--     published rows without a date get their creation time.
--   * check constraints with the limits the functions already apply, on every column a
--     client writes directly: captions text 1..2000 and language 2..16 chars (as
--     save_captions), collaboration session titles 1..200 non-blank chars (as
--     create_collab_session, which stores the trimmed title), recommendation events'
--     metadata a JSON object of at most 2048 bytes (as log_analytics_event) and
--     recommendation_id at most 200 chars, profile bios at most 500 chars, mashup titles
--     1..200, descriptions 5000, genre 50, at most 20 tags of 1000 chars in all, audio
--     and cover URLs 2048, voice room names 1..100 non-blank, ai_jobs input at most 8192
--     bytes.
--   * no client role (anon, authenticated) holds any privilege on a sequence: the
--     bootstrap's (Supabase's) default privileges grant ALL on new sequences, which lets
--     a client `setval` an identity sequence back so that every later insert fails on
--     the primary key. Revoked on the existing sequences and in the migrating role's
--     default privileges (so later migrations' sequences start without it).
-- Who: the migrating role. Nothing here widens access; clients lose the published_at
--   grants and every sequence privilege (identity columns never need one: PostgreSQL
--   draws their values without a privilege check).
-- Why: a limit that only a function enforces is no limit while the same table accepts a
--   1 MB row directly; a future publish time pins a mashup on top of every newest-first
--   feed. The checks are added `not valid` (a brief lock, no scan) and validated in
--   their own statement (a scan that blocks no writes), so this migration is
--   non-transactional like 0021: each statement commits on its own, and a run
--   interrupted half-way is run again (every constraint is dropped if present first;
--   the revokes, the date fixes and validating a valid constraint are idempotent).
--   A row that already breaks a limit makes its `validate` fail with 23514 naming the
--   constraint: fix that data, then migrate again.
--
-- transactional: false
-- depends: 0021_concurrent_indexes
-- mashdb-lint: ignore-file squawk:ban-drop-constraint each drop (if exists) is followed by re-adding the same constraint: it only makes an interrupted run repeatable

revoke insert (published_at), update (published_at) on table public.mashups from authenticated;

update public.mashups
set published_at = case when status = 'published' then created_at end
where published_at > now();

update public.mashups
set published_at = created_at
where status = 'published' and published_at is null;

alter table public.mashups drop constraint if exists mashups_text_limits;

alter table public.mashups
add constraint mashups_text_limits check (
  char_length(title) between 1 and 200
  and (description is null or char_length(description) <= 5000)
  and (genre is null or char_length(genre) <= 50)
  and cardinality(tags) <= 20
  and char_length(array_to_string(tags, '')) <= 1000
  and (audio_url is null or char_length(audio_url) <= 2048)
  and (cover_url is null or char_length(cover_url) <= 2048)
) not valid;

alter table public.mashups validate constraint mashups_text_limits;

alter table public.captions drop constraint if exists captions_text_limits;

alter table public.captions
add constraint captions_text_limits check (
  char_length(text) between 1 and 2000
  and char_length(language) between 2 and 16
) not valid;

alter table public.captions validate constraint captions_text_limits;

alter table public.collaboration_sessions drop constraint if exists collaboration_sessions_title_limits;

alter table public.collaboration_sessions
add constraint collaboration_sessions_title_limits check (
  char_length(title) between 1 and 200 and btrim(title) <> ''
) not valid;

alter table public.collaboration_sessions validate constraint collaboration_sessions_title_limits;

alter table public.recommendation_events drop constraint if exists recommendation_events_metadata_limits;

alter table public.recommendation_events
add constraint recommendation_events_metadata_limits check (
  (metadata is null or (jsonb_typeof(metadata) = 'object' and octet_length(metadata::text) <= 2048))
  and (recommendation_id is null or char_length(recommendation_id) <= 200)
) not valid;

alter table public.recommendation_events validate constraint recommendation_events_metadata_limits;

alter table public.profiles drop constraint if exists profiles_bio_limits;

alter table public.profiles
add constraint profiles_bio_limits check (bio is null or char_length(bio) <= 500) not valid;

alter table public.profiles validate constraint profiles_bio_limits;

alter table public.voice_rooms drop constraint if exists voice_rooms_name_limits;

alter table public.voice_rooms
add constraint voice_rooms_name_limits check (
  char_length(name) between 1 and 100 and btrim(name) <> ''
) not valid;

alter table public.voice_rooms validate constraint voice_rooms_name_limits;

alter table public.ai_jobs drop constraint if exists ai_jobs_input_limits;

alter table public.ai_jobs
add constraint ai_jobs_input_limits check (octet_length(input::text) <= 8192) not valid;

alter table public.ai_jobs validate constraint ai_jobs_input_limits;

revoke all on all sequences in schema public from anon, authenticated;

alter default privileges in schema public revoke all on sequences from anon, authenticated;
