-- 0027_public_halfvec_index: the vector search index covers only what every caller may
-- find, at half the size: an HNSW index on embedding::halfvec(1536) over published public
-- mashups, replacing 0018's vector(1536) index over all mashups.
--
-- What: mashups_embedding_public_hnsw_idx, HNSW (m = 16, ef_construction = 200, as 0018)
--   on (embedding::halfvec(1536)) halfvec_cosine_ops where status = 'published' and
--   visibility = 'public'; then drops mashups_embedding_hnsw_idx.
-- Who: the migrating role; nothing here changes who may read or write what (the search
--   functions stay SECURITY INVOKER under the mashups policies).
-- Why: with one index over all mashups, RLS filters the index scan's output: when the
--   query's whole neighbourhood is private or draft (one creator's private catalogue,
--   an unreleased album), the iterative scan walks and discards thousands of hidden
--   rows before it finds k visible ones, and those searches are the p95 (benchmark 5 in
--   docs/performance.md). Published public rows are visible to everyone, so an index
--   over exactly them never discards a row; the caller's own other mashups are found
--   exactly through mashups_creator_id_created_at_idx (a creator's own catalogue is
--   small), and the search functions merge both and re-rank by the full-precision
--   distance. halfvec (2 bytes per dimension) halves the index, so it fits in far less
--   shared_buffers; the re-ranking of 4k candidates by the exact vector distance keeps
--   the recall (docs/performance.md).
--   Built `concurrently` (no write lock during a build that takes minutes on 100k
--   rows), so the migration is non-transactional; a run interrupted half-way is run
--   again: the new index is dropped (an interrupted concurrent build leaves an INVALID
--   one) and built afresh. Build memory: give the session maintenance_work_mem of about
--   the index size (≈ 4 kB per indexed row at 1536 dimensions), or pgvector builds the
--   graph on disk, several times slower.
--
-- transactional: false
-- depends: 0025_read_shapes_and_hot_rows

drop index concurrently if exists public.mashups_embedding_public_hnsw_idx;

create index concurrently mashups_embedding_public_hnsw_idx on public.mashups
using hnsw ((embedding::halfvec(1536)) halfvec_cosine_ops) with (m = 16, ef_construction = 200)
where status = 'published' and visibility = 'public';

drop index concurrently if exists public.mashups_embedding_hnsw_idx;
