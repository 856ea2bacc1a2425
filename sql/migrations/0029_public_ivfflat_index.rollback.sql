-- Rollback of 0029_public_ivfflat_index: 0027's HNSW index over published public mashups
-- returns (same definition), then the IVFFlat index goes.
-- Non-transactional like its migration (both builds are `concurrently`); every statement
-- is safe to run again: an interrupted concurrent build leaves an INVALID index, so the
-- index is dropped (if there) and built afresh.

drop index concurrently if exists public.mashups_embedding_public_hnsw_idx;

create index concurrently mashups_embedding_public_hnsw_idx on public.mashups
using hnsw ((embedding::halfvec(1536)) halfvec_cosine_ops) with (m = 16, ef_construction = 200)
where status = 'published' and visibility = 'public';

drop index concurrently if exists public.mashups_embedding_public_ivf_idx;
