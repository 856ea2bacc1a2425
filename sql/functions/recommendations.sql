-- Vector search over mashup embeddings (plan step 10).
--
-- What:
--   public.match_mashups(query, k, filters) — the k visible mashups nearest to
--     `query` by cosine distance; filters (jsonb object, all optional):
--     genre (text, equality), tags (text array, any overlap), creator_id (uuid),
--     published_after (timestamptz). Errors: 22023 query not 1536-d, k outside
--     1..100, filters not an object or with an unknown key / bad value.
--   public.similar_mashups(mashup_id, k) — the k visible mashups nearest to a
--     mashup the caller can open by id (public.get_mashup: an unlisted one too,
--     by its link; itself excluded); empty when it has no embedding; P0002 when
--     it does not exist or is not visible; 22023 bad k.
--   public.recommend_mashups(k) — for auth.uid(): the centroid of the
--     embeddings of the caller's 50 most recent likes and play/completed/like
--     recommendation events is the query; excludes the caller's own mashups,
--     mashups they dismissed (recommendation_events 'dismissed') and mashups
--     they already liked. With no history it falls back to the most liked
--     published mashups (same exclusions). 42501 anonymous; 22023 bad k.
--   All return (id, creator_id, title, genre, tags, similarity = 1 - cosine
--   distance; null in the fallback).
-- Who: match_mashups and similar_mashups — anon, authenticated, service_role;
--   recommend_mashups — authenticated.
-- Why: SECURITY INVOKER so the mashups RLS policies decide what a caller can
--   find (anon: published public; a creator: also own drafts/private/unlisted).
--   Unlisted mashups of others are never in a result: unlisted means "anyone
--   with the link", and a search lists.
--   Search shape (0027 and 0029, docs/performance.md benchmark 5): the vector index
--   covers only published public mashups (visible to everyone, so RLS never discards
--   one of its rows) and stores embedding::halfvec(1536); each function takes the 4k
--   nearest there, adds the k nearest of the caller's own other mashups (found exactly
--   through the creator_id index; for a role that bypasses RLS, all other mashups), and
--   re-ranks the union by the full-precision distance. With one index over all rows,
--   a query whose neighbourhood is private or draft walked thousands of hidden rows
--   first: that was the p95. The index is IVFFlat (0029): each function probes
--   public.search_probes() of its 200 lists (20 at the size the lists were chosen for,
--   all of them on a small table; set_config inside the function's own SET scope), and
--   since filters apply to the index scan's output, ivfflat.iterative_scan =
--   relaxed_order probes further lists until enough rows pass (bounded by
--   ivfflat.max_probes). The public candidates are one statement of their own (their
--   ids into `nearest`), run with enable_sort off (set_config, in the scope of the
--   function's `set enable_sort = on`, and back on right after): the planner prices an
--   exact scan + sort without the cost of detoasting every 6 kB embedding it reads, and
--   on 3k-12k mashups chose it over the index at 4-6x the latency (benchmark 5); with
--   sorting off the index's ordered scan is the only plan without a sort. The own-rows
--   branch and the re-rank are planned with sorting on (off, an index over all rows
--   would be walked for a creator's few rows). The hnsw.* settings serve 0027's HNSW index, which
--   0029's rollback restores (ef_search 100, relaxed order). The final order is the
--   exact distance's. search_path is pinned to public, extensions (where Supabase
--   installs pgvector), pg_catalog.
--
-- requires: 0018_mashup_embeddings
-- depends: functions/mashups.sql

-- public.search_probes(): how many lists of 0029's IVFFlat index a search probes, so
-- that it compares about 7,500 rows or more: 20 of the 200 lists at the size they were
-- chosen for (about 75k indexed rows, 375 per list), more on a smaller table, and every
-- list (an exact search, cheap there) below about 7,500 rows or while the index's row
-- count is unknown (built on an empty table, not analysed since). A fixed 15 would
-- compare 15/200 of a small table: recall@10 0.945 on 3,750 rows (benchmark 5, quick
-- scale). Reads the lists and the row estimate (kept by ANALYZE and VACUUM) from
-- pg_class; 20 when the index is absent (0029 rolled back: the HNSW index serves).
-- (0029's header, written first, says 15 probes and 5,000 rows: three full runs of
-- benchmark 5 on fresh data showed 15 missing recall@10 0.98 on one draw, 20 on none.)
-- SECURITY INVOKER: it reads catalog rows every role may read.
create or replace function public.search_probes()
returns integer
language sql
stable
security invoker
set search_path = pg_catalog
as $$
  select coalesce((
    select least(l.lists, greatest(20, ceil(l.lists * 7500.0 / greatest(c.reltuples, 1))::integer))
    from pg_catalog.pg_class as c
    cross join lateral (
      select split_part(o.opt, '=', 2)::integer as lists
      from pg_catalog.unnest(c.reloptions) as o (opt)
      where o.opt like 'lists=%'
    ) as l
    where c.oid = pg_catalog.to_regclass('public.mashups_embedding_public_ivf_idx')
  ), 20);
$$;

comment on function public.search_probes() is
'ivfflat.probes for the vector search: about 7,500 rows compared (20 of 200 lists at 75k rows, all on a small table).';

revoke execute on function public.search_probes() from public;
grant execute on function public.search_probes() to anon, authenticated, service_role;

create or replace function public.match_mashups(
  p_query vector,
  p_k integer default 10,
  p_filters jsonb default '{}'::jsonb
)
returns table (id uuid, creator_id uuid, title text, genre text, tags text[], similarity double precision)
language plpgsql
stable
security invoker
set search_path = public, extensions, pg_catalog
set "ivfflat.probes" = 20
set "ivfflat.iterative_scan" = 'relaxed_order'
set enable_sort = on
set "hnsw.iterative_scan" = 'relaxed_order'
set "hnsw.ef_search" = 100
as $$
declare
  nearest uuid [];
  f jsonb := coalesce(p_filters, '{}'::jsonb);
  f_genre text;
  f_tags text [];
  f_creator uuid;
  f_after timestamptz;
  uid uuid := (select auth.uid());
  -- a role that bypasses RLS (service_role) sees every mashup: all take the exact branch
  bypass boolean := coalesce((
    select r.rolbypassrls or r.rolsuper from pg_catalog.pg_roles as r where r.rolname = current_user
  ), false);
begin
  if p_query is null or vector_dims(p_query) <> 1536 then
    raise exception 'query must be a 1536-dimensional vector' using errcode = '22023';
  end if;
  if p_k is null or p_k < 1 or p_k > 100 then
    raise exception 'k must be between 1 and 100, got %', p_k using errcode = '22023';
  end if;
  if jsonb_typeof(f) <> 'object'
    or exists (select 1 from jsonb_object_keys(f) as k (key) where k.key not in ('genre', 'tags', 'creator_id', 'published_after')) then
    raise exception 'filters must be an object with keys genre, tags, creator_id, published_after' using errcode = '22023';
  end if;
  begin
    f_genre := f ->> 'genre';
    f_tags := case when f ? 'tags' then array(select jsonb_array_elements_text(f -> 'tags')) end;
    f_creator := (f ->> 'creator_id')::uuid;
    f_after := (f ->> 'published_after')::timestamptz;
  exception
    when others then
      raise exception 'invalid filter value: %', sqlerrm using errcode = '22023';
  end;

  perform pg_catalog.set_config('ivfflat.probes', public.search_probes()::text, true);
  -- the nearest published public mashups through the vector index alone: sorting off
  -- for this statement only (see the header)
  perform pg_catalog.set_config('enable_sort', 'off', true);
  nearest := array(
    select m.id
    from public.mashups as m
    where
      m.status = 'published'
      and m.visibility = 'public'
      and m.embedding is not null
      and (f_genre is null or m.genre = f_genre)
      and (f_tags is null or m.tags && f_tags)
      and (f_creator is null or m.creator_id = f_creator)
      and (f_after is null or m.published_at >= f_after)
    order by m.embedding::halfvec(1536) <=> p_query::halfvec(1536)
    limit p_k * 4
  );
  perform pg_catalog.set_config('enable_sort', 'on', true);
  return query
  with candidates as materialized (
    (
      select m.id, m.creator_id, m.title, m.genre, m.tags, m.embedding
      from public.mashups as m
      where m.id = any(nearest)
    )
    union all
    (
      select m.id, m.creator_id, m.title, m.genre, m.tags, m.embedding
      from public.mashups as m
      where
        (m.creator_id = uid or bypass)
        and not (m.status = 'published' and m.visibility = 'public')
        and m.embedding is not null
        and (f_genre is null or m.genre = f_genre)
        and (f_tags is null or m.tags && f_tags)
        and (f_creator is null or m.creator_id = f_creator)
        and (f_after is null or m.published_at >= f_after)
      order by m.embedding <=> p_query
      limit p_k
    )
  )

  select c.id, c.creator_id, c.title, c.genre, c.tags, 1 - (c.embedding <=> p_query)
  from candidates as c
  order by c.embedding <=> p_query
  limit p_k;
end;
$$;

comment on function public.match_mashups(vector, integer, jsonb) is
'k nearest visible mashups to a 1536-d query (cosine), with optional genre/tags/creator_id/published_after filters.';

revoke execute on function public.match_mashups(vector, integer, jsonb) from public, anon, authenticated;
grant execute on function public.match_mashups(vector, integer, jsonb) to anon, authenticated, service_role;

create or replace function public.similar_mashups(p_mashup_id uuid, p_k integer default 10)
returns table (id uuid, creator_id uuid, title text, genre text, tags text[], similarity double precision)
language plpgsql
stable
security invoker
set search_path = public, extensions, pg_catalog
set "ivfflat.probes" = 20
set "ivfflat.iterative_scan" = 'relaxed_order'
set enable_sort = on
set "hnsw.iterative_scan" = 'relaxed_order'
set "hnsw.ef_search" = 100
as $$
declare
  nearest uuid [];
  q vector;
  uid uuid := (select auth.uid());
  bypass boolean := coalesce((
    select r.rolbypassrls or r.rolsuper from pg_catalog.pg_roles as r where r.rolname = current_user
  ), false);
begin
  if p_k is null or p_k < 1 or p_k > 100 then
    raise exception 'k must be between 1 and 100, got %', p_k using errcode = '22023';
  end if;
  select m.embedding into q from public.get_mashup(p_mashup_id) as m;
  if not found then
    raise exception 'mashup % not found', p_mashup_id using errcode = 'P0002';
  end if;
  if q is null then
    return;
  end if;

  perform pg_catalog.set_config('ivfflat.probes', public.search_probes()::text, true);
  -- the nearest published public mashups through the vector index alone: sorting off
  -- for this statement only (see the header)
  perform pg_catalog.set_config('enable_sort', 'off', true);
  nearest := array(
    select m.id
    from public.mashups as m
    where
      m.status = 'published'
      and m.visibility = 'public'
      and m.embedding is not null
      and m.id <> p_mashup_id
    order by m.embedding::halfvec(1536) <=> q::halfvec(1536)
    limit p_k * 4
  );
  perform pg_catalog.set_config('enable_sort', 'on', true);
  return query
  with candidates as materialized (
    (
      select m.id, m.creator_id, m.title, m.genre, m.tags, m.embedding
      from public.mashups as m
      where m.id = any(nearest)
    )
    union all
    (
      select m.id, m.creator_id, m.title, m.genre, m.tags, m.embedding
      from public.mashups as m
      where
        (m.creator_id = uid or bypass)
        and not (m.status = 'published' and m.visibility = 'public')
        and m.embedding is not null
        and m.id <> p_mashup_id
      order by m.embedding <=> q
      limit p_k
    )
  )

  select c.id, c.creator_id, c.title, c.genre, c.tags, 1 - (c.embedding <=> q)
  from candidates as c
  order by c.embedding <=> q
  limit p_k;
end;
$$;

comment on function public.similar_mashups(uuid, integer) is 'k visible mashups nearest to a visible mashup (itself excluded).';

revoke execute on function public.similar_mashups(uuid, integer) from public, anon, authenticated;
grant execute on function public.similar_mashups(uuid, integer) to anon, authenticated, service_role;

create or replace function public.recommend_mashups(p_k integer default 10)
returns table (id uuid, creator_id uuid, title text, genre text, tags text[], similarity double precision)
language plpgsql
stable
security invoker
set search_path = public, extensions, pg_catalog
set "ivfflat.probes" = 20
set "ivfflat.iterative_scan" = 'relaxed_order'
set enable_sort = on
set "hnsw.iterative_scan" = 'relaxed_order'
set "hnsw.ef_search" = 100
as $$
declare
  nearest uuid [];
  uid uuid := (select auth.uid());
  q vector;
begin
  if uid is null then
    raise exception 'sign in to get recommendations' using errcode = '42501';
  end if;
  if p_k is null or p_k < 1 or p_k > 100 then
    raise exception 'k must be between 1 and 100, got %', p_k using errcode = '22023';
  end if;

  select avg(m.embedding) into q
  from (
    select h.mashup_id
    from (
      select l.mashup_id, l.created_at from public.mashup_likes as l where l.user_id = uid
      union all
      select e.mashup_id, e.created_at
      from public.recommendation_events as e
      where e.user_id = uid and e.event_type in ('play', 'completed', 'like') and e.mashup_id is not null
    ) as h
    order by h.created_at desc
    limit 50
  ) as seeds
  inner join public.mashups as m on seeds.mashup_id = m.id
  where m.embedding is not null;

  if q is null then
    return query
    select m.id, m.creator_id, m.title, m.genre, m.tags, null::double precision
    from public.mashups as m
    where
      m.status = 'published'
      and m.visibility = 'public'
      and m.creator_id <> uid
      and not exists (select 1 from public.mashup_likes as l where l.user_id = uid and l.mashup_id = m.id)
      and not exists (
        select 1 from public.recommendation_events as e
        where e.user_id = uid and e.mashup_id = m.id and e.event_type = 'dismissed'
      )
    order by m.like_count desc, m.published_at desc nulls last
    limit p_k;
    return;
  end if;

  perform pg_catalog.set_config('ivfflat.probes', public.search_probes()::text, true);
  -- the nearest published public mashups through the vector index alone: sorting off
  -- for this statement only (see the header)
  perform pg_catalog.set_config('enable_sort', 'off', true);
  nearest := array(
    select m.id
    from public.mashups as m
    where
      -- what RLS shows of others' mashups, written out for the partial index; unlisted
      -- means "anyone with the link": never surfaced by recommendations
      m.status = 'published'
      and m.visibility = 'public'
      and m.embedding is not null
      and m.creator_id <> uid
      and not exists (select 1 from public.mashup_likes as l where l.user_id = uid and l.mashup_id = m.id)
      and not exists (
        select 1 from public.recommendation_events as e
        where e.user_id = uid and e.mashup_id = m.id and e.event_type = 'dismissed'
      )
    order by m.embedding::halfvec(1536) <=> q::halfvec(1536)
    limit p_k * 4
  );
  perform pg_catalog.set_config('enable_sort', 'on', true);
  return query
  with candidates as materialized (
    select m.id, m.creator_id, m.title, m.genre, m.tags, m.embedding
    from public.mashups as m
    where m.id = any(nearest)
  )

  select c.id, c.creator_id, c.title, c.genre, c.tags, 1 - (c.embedding <=> q)
  from candidates as c
  order by c.embedding <=> q
  limit p_k;
end;
$$;

comment on function public.recommend_mashups(integer) is
'k visible mashups for the caller, near the centroid of what they liked/played; excludes own, liked and dismissed.';

revoke execute on function public.recommend_mashups(integer) from public, anon, authenticated;
grant execute on function public.recommend_mashups(integer) to authenticated, service_role;
