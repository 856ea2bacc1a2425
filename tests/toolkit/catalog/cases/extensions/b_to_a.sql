-- Golden case "extensions": the rollback from b to a (an extension cannot be downgraded
-- in place, so pg_trgm is re-created at 1.5).
drop extension citext;
drop extension pg_trgm;
create extension pg_trgm with schema golden version '1.5';
