-- The role the pre-flight checks privileges for, and whether it is a superuser.
select current_user::text as role_name, r.rolsuper
from pg_catalog.pg_roles as r
where r.rolname = current_user;
