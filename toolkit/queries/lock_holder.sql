-- Which backend holds mashdb's migration lock in this database (for the "waiting" message).
select pid
from pg_catalog.pg_locks
where
  locktype = 'advisory'
  and database = (select oid from pg_catalog.pg_database where datname = current_database())
  and classid = 0
  and objid = %(key)s
  and objsubid = 1
  and granted
limit 1
