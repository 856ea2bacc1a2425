-- 0018_mashup_embeddings: pgvector embeddings of mashups (plan step 10).
--
-- What: mashups.embedding vector(1536) (OpenAI text-embedding-3-small size)
--   and an HNSW cosine index on it. Creates the `vector` extension only when
--   it is not installed yet, and then marks it (comment) so that the rollback
--   drops the extension only if this migration created it.
-- Who: the embedding is written only by service_role (the embedding job): it
--   is not in the per-column insert/update grants 0002 gives authenticated, so
--   a client cannot plant a vector to game recommendations. Reads follow the
--   mashups policies; the search functions (sql/functions/recommendations.sql)
--   are SECURITY INVOKER, so RLS decides which mashups a caller can find.
-- Why (deviations from the seed, see docs/security.md):
--   * HNSW instead of the seed's IVFFlat: an IVFFlat index built on an empty
--     (or nearly empty) table trains its lists on nothing, and every later row
--     lands in badly placed lists, giving poor recall until it is rebuilt;
--     HNSW needs no training, stays good as rows arrive, and supports the
--     iterative index scans (hnsw.iterative_scan) the search functions use so
--     RLS and filters do not starve a LIMIT k query of rows;
--   * m = 16, ef_construction = 200 (pgvector's default is 64); the search
--     functions set hnsw.ef_search = 400. Measured by `make bench` on 100k
--     clustered 1536-d vectors under RLS (docs/performance.md, 5): with
--     ef_construction 64 some queries found none of their true neighbours
--     (the greedy search stayed in a neighbouring cluster) and recall@10
--     plateaued at 0.86-0.87 whatever ef_search; 200 removed those misses
--     (0.93) at the same index size and query latency, for a 2.5x slower
--     build (and slower single-row inserts into the index). m = 32 added
--     little (0.93). ef_search 400 then gives 0.978 (200: 0.948).
--
-- depends: 0016_fix_recommendation_events

do $vector$
begin
  if not exists (select 1 from pg_catalog.pg_extension where extname = 'vector') then
    create extension vector;
    comment on extension vector is 'mashdb: created by migration 0018_mashup_embeddings';
  end if;
end
$vector$;

alter table public.mashups add column embedding vector(1536);

comment on column public.mashups.embedding is 'Embedding of title/genre/tags (1536-d); written by service_role only.';

create index mashups_embedding_hnsw_idx on public.mashups
using hnsw (embedding vector_cosine_ops) with (m = 16, ef_construction = 200);
