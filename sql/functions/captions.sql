-- Captions: replace a mashup's caption track atomically (plan step 8, database side),
-- read the track of a mashup by its link, and keep direct writes in line with both.
--
-- What: public.save_captions(mashup_id, segments jsonb) deletes the mashup's
--   caption segments and inserts the given ones (segment_index = position in
--   the array, from 0) in one statement-level unit; returns the number saved.
--   segments: a JSON array (at most 5000) of objects
--   {"start": number, "end": number, "text": string, "language"?: string}
--   (Whisper verbose_json segments fit as-is); start >= 0, end > start once
--   both are rounded to the stored millisecond, end < 10^7 s, text 1..2000
--   chars, language 2..16 chars, default 'en' (the same limits as the check
--   constraint captions_text_limits of 0024, so a direct write and this
--   function accept exactly the same text). An empty array clears the track.
--   Errors: 42501 anonymous or not the mashup's creator; P0002 the mashup does
--   not exist or is not visible; 22023 malformed segments.
--   public.get_mashup_captions(mashup_id) — the track of a mashup the caller may
--   view (unlisted ones by their link), ordered; no rows otherwise.
--   captions_serialize_track() — BEFORE INSERT/UPDATE row trigger on captions that
--   takes the same per-mashup lock as save_captions.
-- Who: save_captions: authenticated (the creator) and service_role callers that
--   impersonate the creator (the auto-caption worker); plain CRUD on captions stays
--   as sql/policies/captions.sql allows. get_mashup_captions: anon, authenticated,
--   service_role. The trigger function is never called directly.
-- Why: SECURITY DEFINER with search_path pinned to pg_catalog, pg_temp so delete +
--   insert is one atomic call, serialised per mashup by a transaction-scoped
--   advisory lock (two concurrent saves cannot interleave into a mixed track); the
--   caller check is public.is_mashup_creator() (auth.uid()). A direct insert takes
--   the lock too (the trigger), held until it commits: otherwise save_captions'
--   delete could miss an uncommitted direct row and its insert then fail with
--   23505 on that segment_index. Serialised, the save waits and then replaces the
--   committed row, or the direct row is written after the saved track.

-- requires: 0010_captions
-- depends: functions/mashups.sql

create or replace function public.save_captions(p_mashup_id uuid, p_segments jsonb)
returns integer
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  saved integer;
begin
  if (select auth.uid()) is null then
    raise exception 'sign in to save captions' using errcode = '42501';
  end if;
  if p_mashup_id is null or not public.can_view_mashup(p_mashup_id) then
    raise exception 'mashup % not found', p_mashup_id using errcode = 'P0002';
  end if;
  if not public.is_mashup_creator(p_mashup_id) then
    raise exception 'only the creator can save captions of mashup %', p_mashup_id using errcode = '42501';
  end if;
  if p_segments is null or pg_catalog.jsonb_typeof(p_segments) <> 'array'
    or pg_catalog.jsonb_array_length(p_segments) > 5000 then
    raise exception 'segments must be a JSON array of at most 5000 segments' using errcode = '22023';
  end if;
  if exists (
    select 1
    from pg_catalog.jsonb_array_elements(p_segments) as s (seg)
    where
      pg_catalog.jsonb_typeof(s.seg) <> 'object'
      or pg_catalog.jsonb_typeof(s.seg -> 'start') is distinct from 'number'
      or pg_catalog.jsonb_typeof(s.seg -> 'end') is distinct from 'number'
      or pg_catalog.jsonb_typeof(s.seg -> 'text') is distinct from 'string'
      or (s.seg ? 'language' and pg_catalog.jsonb_typeof(s.seg -> 'language') is distinct from 'string')
      or (s.seg ->> 'start')::numeric < 0
      -- compared as stored (numeric(10, 3)): 0.0001..0.0002 would store as 0.000..0.000
      or pg_catalog.round((s.seg ->> 'end')::numeric, 3) <= pg_catalog.round((s.seg ->> 'start')::numeric, 3)
      or pg_catalog.round((s.seg ->> 'end')::numeric, 3) >= 10000000
      or pg_catalog.length(s.seg ->> 'text') not between 1 and 2000
      or pg_catalog.length(coalesce(s.seg ->> 'language', 'en')) not between 2 and 16
  ) then
    raise exception 'each segment needs numeric start >= 0, end > start, text of 1..2000 characters'
    using errcode = '22023';
  end if;

  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('captions:' || p_mashup_id::text, 0));

  delete from public.captions as c where c.mashup_id = p_mashup_id;

  insert into public.captions (mashup_id, segment_index, start_seconds, end_seconds, text, language)
  select
    p_mashup_id,
    (s.ord - 1)::integer,
    pg_catalog.round((s.seg ->> 'start')::numeric, 3),
    pg_catalog.round((s.seg ->> 'end')::numeric, 3),
    s.seg ->> 'text',
    coalesce(s.seg ->> 'language', 'en')
  from pg_catalog.jsonb_array_elements(p_segments) with ordinality as s (seg, ord);
  get diagnostics saved = row_count;
  return saved;
end;
$$;

comment on function public.save_captions(uuid, jsonb) is
'Creator only: atomically replaces a mashup''s caption segments with the given JSON array; returns the count.';

revoke execute on function public.save_captions(uuid, jsonb) from public, anon, authenticated;
grant execute on function public.save_captions(uuid, jsonb) to authenticated, service_role;

create or replace function public.captions_serialize_track()
returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
  -- the key save_captions locks: one caption track is written by one transaction at a time
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('captions:' || new.mashup_id::text, 0));
  return new;
end;
$$;

comment on function public.captions_serialize_track() is
'BEFORE INSERT/UPDATE trigger on captions: takes save_captions'' per-mashup lock, so direct writes and saves serialise.';

revoke execute on function public.captions_serialize_track() from public, anon, authenticated;

create or replace trigger captions_serialize_track
before insert or update of mashup_id, segment_index on public.captions
for each row execute function public.captions_serialize_track();

create or replace function public.get_mashup_captions(p_mashup_id uuid)
returns setof public.captions
language sql
stable
security definer
set search_path = pg_catalog, pg_temp
as $$
  select c.*
  from public.captions as c
  where c.mashup_id = get_mashup_captions.p_mashup_id and public.can_view_mashup(get_mashup_captions.p_mashup_id)
  order by c.segment_index
$$;

comment on function public.get_mashup_captions(uuid) is
'The caption track of a mashup the caller may view (unlisted: by its link); no rows otherwise.';

revoke execute on function public.get_mashup_captions(uuid) from public, anon, authenticated;
grant execute on function public.get_mashup_captions(uuid) to anon, authenticated, service_role;
