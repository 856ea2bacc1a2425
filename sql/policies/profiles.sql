-- Policies of public.profiles.
--
-- What/who: everyone (anon and authenticated) reads every profile; a signed-in
--   user updates their own profile (only the columns 0001 grants). No insert
--   or delete policy: the on_auth_user_created trigger creates profiles and
--   deletion cascades from auth.users.
-- Why: profiles are the public face of a user; the primary key serves the
--   own-row predicate.
--
-- requires: 0001_profiles

create policy profiles_select_all
on public.profiles
for select
to anon, authenticated
using (true);

create policy profiles_update_own
on public.profiles
for update
to authenticated
using (id = (select auth.uid()))
with check (id = (select auth.uid()));
