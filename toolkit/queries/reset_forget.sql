-- `mashdb reset`: forget every applied migration and repeatable (their objects were just
-- dropped), keeping the bootstrap's record: the bootstrap's roles, auth schema and grants
-- are not dropped, so it stays applied (and is re-applied only when its files change).
-- yoyo's history log (_yoyo_log) is kept: it is a log, not state.
do $forget$
begin
  if pg_catalog.to_regclass('mashdb._yoyo_migration') is not null then
    delete from mashdb._yoyo_migration;
  end if;
  if pg_catalog.to_regclass('mashdb.migration_checksums') is not null then
    delete from mashdb.migration_checksums;
  end if;
  if pg_catalog.to_regclass('mashdb.repeatables') is not null then
    delete from mashdb.repeatables where kind <> 'bootstrap';
  end if;
end
$forget$
