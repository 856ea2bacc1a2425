-- Puts schema `extensions` (where Supabase installs extensions such as pgvector) at the end
-- of the migration session's search_path when it exists and the path lacks it, so that
-- unqualified extension types (vector) and operators resolve whatever the role's
-- configured path is. Nothing happens where there is no such schema.
select
  pg_catalog.set_config(
    'search_path',
    case
      when pg_catalog.current_setting('search_path') = '' then 'extensions'
      else pg_catalog.current_setting('search_path') || ', extensions'
    end,
    false
  ) as search_path
where
  pg_catalog.to_regnamespace('extensions') is not null
  and not 'extensions' = any(pg_catalog.current_schemas(false));
