-- Battle votes: integrity trigger and public tallies (plan step 1).
--
-- What: public.battle_votes_validate(), a BEFORE INSERT OR UPDATE row trigger
--   on public.battle_votes enforcing, for every writer (service_role too):
--   the entry is one of the battle's two entries (22023), the battle is open
--   and not past ends_at (55000), and the voter is not the entry's author
--   (42501). public.battle_tally(battle_id) returns both entries of a battle
--   with their vote counts (zero included).
-- Who: the trigger fires on inserts (clients insert as self, policy
--   sql/policies/battle_votes.sql); nobody calls it directly. battle_tally is
--   callable by anon, authenticated and service_role (tallies are public).
-- Why: the trigger is SECURITY DEFINER so it can read battles and
--   challenge_entries whatever the caller's RLS, locks the battle row (key
--   share) so a vote cannot slip in while the battle is being closed, and pins
--   search_path; battle_tally is SECURITY INVOKER (RLS on battle_votes and
--   battles decides, both public) and counts through the
--   (battle_id, entry_id) index.
--
-- requires: 0013_battle_votes

create or replace function public.battle_votes_validate()
returns trigger
language plpgsql
security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  b record;
  entry_author uuid;
begin
  select bt.status, bt.ends_at, bt.entry_a_id, bt.entry_b_id
  into b
  from public.battles as bt
  where bt.id = new.battle_id
  for share;

  if not found then
    raise exception 'battle % does not exist', new.battle_id using errcode = 'P0002';
  end if;
  if new.entry_id is distinct from b.entry_a_id and new.entry_id is distinct from b.entry_b_id then
    raise exception 'entry % is not part of battle %', new.entry_id, new.battle_id using errcode = '22023';
  end if;
  if b.status <> 'open' or b.ends_at <= pg_catalog.now() then
    raise exception 'battle % is not open for voting', new.battle_id using errcode = '55000';
  end if;

  select ce.user_id into entry_author from public.challenge_entries as ce where ce.id = new.entry_id;
  if entry_author = new.user_id then
    raise exception 'you cannot vote for your own entry' using errcode = '42501';
  end if;
  return new;
end;
$$;

comment on function public.battle_votes_validate() is
'BEFORE INSERT/UPDATE trigger on battle_votes: entry in battle (22023), battle open (55000), not own entry (42501).';

revoke execute on function public.battle_votes_validate() from public, anon, authenticated;

create or replace trigger battle_votes_validate
before insert or update on public.battle_votes
for each row execute function public.battle_votes_validate();

create or replace function public.battle_tally(p_battle_id uuid)
returns table (entry_id uuid, votes bigint)
language sql
stable
security invoker
set search_path = ''
as $$
  select e.entry_id, (
    select pg_catalog.count(*)
    from public.battle_votes as v
    where v.battle_id = b.id and v.entry_id = e.entry_id
  ) as votes
  from public.battles as b
  cross join lateral (values (b.entry_a_id, 1), (b.entry_b_id, 2)) as e (entry_id, ord)
  where b.id = p_battle_id
  order by e.ord
$$;

comment on function public.battle_tally(uuid) is
'Vote count of each of the two entries of a battle (entry A first); empty when the battle does not exist.';

revoke execute on function public.battle_tally(uuid) from public, anon, authenticated;
grant execute on function public.battle_tally(uuid) to anon, authenticated, service_role;
