-- Rollback of 0028_mashup_creator_fixed: service_role gets back the table-wide update
-- privilege on mashups that 0002 granted (the per-column grants go). The rollup rows whose
-- creator was corrected stay corrected (the stale values are not kept anywhere, and they
-- named someone who no longer owned the mashup).

revoke update (
  id, title, description, genre, tags, audio_url, cover_url, duration_seconds, visibility,
  status, published_at, like_count, embedding, created_at, updated_at
) on table public.mashups from service_role;

grant update on table public.mashups to service_role;
