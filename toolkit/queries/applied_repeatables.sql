-- Applied repeatables (functions, policies) and the bootstrap, with what each defined.
select key, kind, checksum, requires, objects, applied_at
from mashdb.repeatables
order by key
