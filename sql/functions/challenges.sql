-- Challenge entries when their mashup goes: withdraw the free ones, keep the rest.
--
-- What: public.challenge_entries_withdraw_free(), a BEFORE DELETE row trigger on
--   public.mashups. It deletes the mashup's entries that are free to withdraw
--   (challenge still 'active', entry in no battle), exactly what the entrant could
--   withdraw directly. Every other entry (in a battle, or in a challenge that is
--   voting or closed) survives the mashup: the foreign key (0022) sets its
--   mashup_id to null, a tombstone that keeps the battle, its votes and its
--   recorded winner.
-- Who: fires for every writer that deletes a mashup (a client deleting own mashups,
--   service_role moderating, the cascade of an account deletion); nobody calls it
--   directly (execute revoked from everyone).
-- Why: before 0022 deleting a mashup cascaded mashups -> challenge_entries ->
--   battles -> battle_votes, so a losing entrant erased a running or decided
--   battle, which no client may delete. SECURITY INVOKER: for a client, the delete
--   of the free entries goes through challenge_entries' own delete policy
--   (withdrawing is exactly the direct right, no more); search_path pinned.
--
-- requires: 0022_lifecycle_guards

create or replace function public.challenge_entries_withdraw_free()
returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
begin
  delete from public.challenge_entries as ce
  where
    ce.mashup_id = old.id
    and exists (
      select 1 from public.challenges as c
      where c.id = ce.challenge_id and c.status = 'active'
    )
    and not exists (
      select 1 from public.battles as b
      where b.entry_a_id = ce.id or b.entry_b_id = ce.id
    );
  return old;
end;
$$;

comment on function public.challenge_entries_withdraw_free() is
'BEFORE DELETE on mashups: withdraws its entries of active challenges that are in no battle; the others become tombstones.';

revoke execute on function public.challenge_entries_withdraw_free() from public, anon, authenticated;

create or replace trigger challenge_entries_withdraw_free
before delete on public.mashups
for each row execute function public.challenge_entries_withdraw_free();
