-- Record a repeatable (or the bootstrap) as applied, in the same transaction as its SQL.
insert into mashdb.repeatables (key, kind, checksum, requires, objects, applied_at)
values (%(key)s, %(kind)s, %(checksum)s, %(requires)s, %(objects)s, now())
on conflict (key) do update
set
  kind = excluded.kind,
  checksum = excluded.checksum,
  requires = excluded.requires,
  objects = excluded.objects,
  applied_at = excluded.applied_at
