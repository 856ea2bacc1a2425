-- Rollback of 0027_public_halfvec_index: 0018's HNSW index over all mashups' vector(1536)
-- embeddings returns (same definition), then the partial halfvec index goes.
-- Non-transactional like its migration (both builds are `concurrently`); every statement
-- is safe to run again: an interrupted concurrent build leaves an INVALID index, so the
-- index is dropped (if there) and built afresh.

drop index concurrently if exists public.mashups_embedding_hnsw_idx;

create index concurrently mashups_embedding_hnsw_idx on public.mashups
using hnsw (embedding vector_cosine_ops) with (m = 16, ef_construction = 200);

drop index concurrently if exists public.mashups_embedding_public_hnsw_idx;
