-- 0029_public_ivfflat_index: the vector search index over published public mashups becomes
-- an IVFFlat index (halfvec, 200 lists) instead of 0027's HNSW graph, so that a search whose
-- neighbourhood is hidden still finds its true nearest neighbours.
--
-- What: mashups_embedding_public_ivf_idx, IVFFlat (lists = 200) on
--   (embedding::halfvec(1536)) halfvec_cosine_ops where status = 'published' and
--   visibility = 'public' (the rows and the expression of 0027's index); then drops 0027's
--   mashups_embedding_public_hnsw_idx. The search functions probe 15 of the 200 lists and
--   re-rank by the full-precision distance (functions/recommendations.sql).
-- Who: the migrating role; nothing here changes who may read or write what (the search
--   functions stay SECURITY INVOKER under the mashups policies).
-- Why: an HNSW search walks a graph of the indexed rows greedily. When the query's own
--   neighbourhood is private or draft (so not in the index), the nearest indexed rows are a
--   large, nearly equidistant shell of neighbouring clusters, and the walk settles in one
--   part of it: 0027's index found a quarter of the true ten there (benchmark 5 in
--   docs/performance.md), and neither a wider beam nor a denser graph closed the gap at an
--   acceptable cost. IVFFlat compares the query with every row of the lists it probes, so
--   that shell is searched exhaustively: recall@10 met on every kind of query at a p95 within
--   15 ms on 100k mashups, with the same halfvec size as 0027's index and a build measured in
--   seconds instead of minutes.
--   The price is that IVFFlat learns its lists from the rows present when it is built:
--   built here on an empty table (a fresh database), its lists fit nothing, and recall falls
--   once fewer than all lists are probed (benchmark 5; public.search_probes() probes every
--   list below about 5,000 indexed rows, an exact search). Rebuild it once the table has
--   passed about 5,000 published public mashups, after a bulk load, and when the catalogue's
--   content shifts, without blocking writes:
--   `reindex index concurrently public.mashups_embedding_public_ivf_idx` (seconds per 100k
--   rows). 200 lists suit up to about a million indexed rows; past that a new migration
--   raises lists (about the square root of the rows) and the functions' probes with it.
--   Built `concurrently` (no write lock), so the migration is non-transactional; a run
--   interrupted half-way is run again: the new index is dropped (an interrupted concurrent
--   build leaves an INVALID one) and built afresh.
--
-- transactional: false
-- depends: 0027_public_halfvec_index

drop index concurrently if exists public.mashups_embedding_public_ivf_idx;

create index concurrently mashups_embedding_public_ivf_idx on public.mashups
using ivfflat ((embedding::halfvec(1536)) halfvec_cosine_ops) with (lists = 200)
where status = 'published' and visibility = 'public';

drop index concurrently if exists public.mashups_embedding_public_hnsw_idx;
