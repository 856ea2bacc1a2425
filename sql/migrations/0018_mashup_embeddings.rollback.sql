-- Rollback of 0018_mashup_embeddings: drops the HNSW index and the embedding
-- column, and the `vector` extension only if 0018 created it (its comment is
-- the marker) and nothing else uses it any more; an extension that existed
-- before 0018 (e.g. enabled on Supabase) or that other objects depend on is left.
-- Also drops, if still present, what sql/functions/recommendations.sql defines
-- on top of this migration (mashdb removes it before rolling back).

drop function if exists public.match_mashups(vector, integer, jsonb);
drop function if exists public.similar_mashups(uuid, integer);
drop function if exists public.recommend_mashups(integer);

drop index if exists public.mashups_embedding_hnsw_idx;

alter table public.mashups drop column if exists embedding;

do $vector$
begin
  if exists (
    select 1 from pg_catalog.pg_extension as e
    where
      e.extname = 'vector'
      and pg_catalog.obj_description(e.oid, 'pg_extension') = 'mashdb: created by migration 0018_mashup_embeddings'
  ) then
    begin
      drop extension vector restrict;
    exception
      when dependent_objects_still_exist then
        raise notice 'extension vector kept: other objects still use it';
    end;
  end if;
end
$vector$;
