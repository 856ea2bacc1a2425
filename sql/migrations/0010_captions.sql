-- 0010_captions: timed caption segments of a mashup (manual or auto-caption).
--
-- What: public.captions, one row per (mashup, segment_index).
-- Who: readable by whoever can view the mashup (public.can_view_mashup, anon
--   included); the mashup's creator inserts, updates and deletes them.
--   Policies: sql/policies/captions.sql.
-- Why: mashup_id is not in the update grant, so a caption cannot be moved to
--   another mashup; the unique (mashup_id, segment_index) index serves the policies.
-- Note: some column names are SQL keywords (role, text, language, name, input);
--   the app uses them, so they stay, with `-- noqa: RF04` on those lines.
--
-- depends: 0002_mashups

create table public.captions (
  id uuid primary key default gen_random_uuid(),
  mashup_id uuid not null references public.mashups (id) on delete cascade,
  segment_index integer not null,
  start_seconds numeric(10, 3) not null,
  end_seconds numeric(10, 3) not null,
  text text not null,  -- noqa: RF04
  language text not null default 'en',  -- noqa: RF04
  created_at timestamptz not null default now(),
  unique (mashup_id, segment_index),
  check (end_seconds > start_seconds and start_seconds >= 0)
);

alter table public.captions enable row level security;

revoke all on table public.captions from anon, authenticated;
grant select on table public.captions to anon, authenticated;
grant insert (
  mashup_id, segment_index, start_seconds, end_seconds, text, language
) on table public.captions to authenticated;
grant update (segment_index, start_seconds, end_seconds, text, language) on table public.captions to authenticated;
grant delete on table public.captions to authenticated;
grant all on table public.captions to service_role;
