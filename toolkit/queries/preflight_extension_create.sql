-- Can the current role create extension %(name)s? Whether it is installed already, whether
-- the server provides it, whether a non-superuser may create it (a trusted extension and
-- CREATE on the database), whether Supabase's supautils lets the role create it (listed in
-- supautils.privileged_extensions), and whether schema `extensions` is Supabase's: it
-- exists and every existing API role (the api_roles parameter) may use it, so types there
-- resolve for the API as well.
select
  exists (select 1 from pg_catalog.pg_extension as e where e.extname = %(name)s) as installed,
  exists (
    select 1 from pg_catalog.pg_available_extensions as a where a.name = %(name)s
  ) as available,
  coalesce(
    (
      select v.trusted
      from pg_catalog.pg_available_extension_versions as v
      inner join pg_catalog.pg_available_extensions as a
        on v.name = a.name and v.version = a.default_version
      where v.name = %(name)s
    ),
    false
  ) and pg_catalog.has_database_privilege(pg_catalog.current_database(), 'CREATE') as may_create,
  %(name)s = any(
    pg_catalog.string_to_array(
      pg_catalog.replace(
        coalesce(pg_catalog.current_setting('supautils.privileged_extensions', true), ''),
        ' ', ''
      ),
      ','
    )
  ) as supautils_allows,
  pg_catalog.to_regnamespace('extensions') is not null
  and not exists (
    select 1
    from pg_catalog.unnest(%(api_roles)s::text []) as r (role_name)
    inner join pg_catalog.pg_roles as pr on r.role_name = pr.rolname
    where not pg_catalog.has_schema_privilege(r.role_name, 'extensions', 'USAGE')
  ) as has_extensions_schema;
