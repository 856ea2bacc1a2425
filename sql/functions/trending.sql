-- Trending sounds ingestion: idempotent bulk upsert (plan step 9, database side).
--
-- What: public.upsert_trending_sounds(items jsonb) upserts an array of
--   {"title", "artist"?, "source", "external_url", "thumbnail_url"?, "rank"?}
--   keyed by (source, external_url) — the unique key of 0011 — refreshing
--   title/artist/thumbnail/rank/fetched_at of existing rows; duplicates
--   inside one batch: the last one wins. Returns (inserted, updated).
--   Errors: 22023 not an array, more than 10000 items, or an item without
--   title / external_url, with an unknown source, a non-http(s) URL or a
--   rank that is not a whole number in the integer range (JSON 3.0 is 3);
--   42501 when a client role reaches it.
-- Who: service_role only (the daily cron route); clients read trending_sounds
--   through its policies.
-- Why: SECURITY DEFINER with search_path pinned to pg_catalog, pg_temp; EXECUTE is granted to
--   service_role only and the function re-checks that the session role is not
--   a client role. xmax = 0 on the returned row tells an insert from an update.
--
-- requires: 0011_trending_sounds_voice_rooms

create or replace function public.upsert_trending_sounds(p_items jsonb)
returns table (inserted integer, updated integer)
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if pg_catalog.current_setting('role', true) in ('anon', 'authenticated') then
    raise exception 'upsert_trending_sounds is for the ingestion job only' using errcode = '42501';
  end if;
  if p_items is null or pg_catalog.jsonb_typeof(p_items) <> 'array' or pg_catalog.jsonb_array_length(p_items) > 10000 then
    raise exception 'items must be a JSON array of at most 10000 objects' using errcode = '22023';
  end if;
  if exists (
    select 1
    from pg_catalog.jsonb_array_elements(p_items) as i (item)
    where
      pg_catalog.jsonb_typeof(i.item) <> 'object'
      or coalesce(pg_catalog.btrim(i.item ->> 'title'), '') = ''
      or coalesce(i.item ->> 'source', '') not in ('spotify', 'youtube', 'tiktok', 'manual')
      or coalesce(i.item ->> 'external_url', '') !~ '^https?://[^[:space:]]+$'
      or (i.item ? 'rank' and pg_catalog.jsonb_typeof(i.item -> 'rank') not in ('number', 'null'))
      or case
        when pg_catalog.jsonb_typeof(i.item -> 'rank') = 'number' then
          (i.item ->> 'rank')::numeric not between -2147483648 and 2147483647
          or (i.item ->> 'rank')::numeric % 1 <> 0
        else false
      end
  ) then
    raise exception 'each item needs title, source in (spotify, youtube, tiktok, manual) and an http(s) external_url'
    using errcode = '22023';
  end if;

  return query
  with items as (
    select distinct on (i.item ->> 'source', i.item ->> 'external_url')
      pg_catalog.btrim(i.item ->> 'title') as title,
      i.item ->> 'artist' as artist,
      i.item ->> 'source' as source,
      i.item ->> 'external_url' as external_url,
      i.item ->> 'thumbnail_url' as thumbnail_url,
      (i.item ->> 'rank')::numeric::integer as rank
    from pg_catalog.jsonb_array_elements(p_items) with ordinality as i (item, ord)
    order by i.item ->> 'source', i.item ->> 'external_url', i.ord desc
  ),

  upserted as (
    insert into public.trending_sounds as t (title, artist, source, external_url, thumbnail_url, rank, fetched_at)
    select it.title, it.artist, it.source, it.external_url, it.thumbnail_url, it.rank, pg_catalog.now()
    from items as it
    on conflict (source, external_url) do update
      set
        title = excluded.title,
        artist = excluded.artist,
        thumbnail_url = excluded.thumbnail_url,
        rank = excluded.rank,
        fetched_at = excluded.fetched_at
    returning (t.xmax = 0) as is_insert
  )

  select
    (pg_catalog.count(*) filter (where u.is_insert))::integer,
    (pg_catalog.count(*) filter (where not u.is_insert))::integer
  from upserted as u;
end;
$$;

comment on function public.upsert_trending_sounds(jsonb) is
'service_role only: upserts trending sounds by (source, external_url); returns inserted/updated counts.';

revoke execute on function public.upsert_trending_sounds(jsonb) from public, anon, authenticated;
grant execute on function public.upsert_trending_sounds(jsonb) to service_role;
