-- Policies of public.xp_transactions.
--
-- What/who: a signed-in user reads own XP ledger. No client writes (the seed's
--   "Users can insert own XP" policy is gone): the ledger is written by
--   public.award_xp() only.
-- Why: index (user_id, created_at).
--
-- requires: 0014_gamification

create policy xp_transactions_select_own
on public.xp_transactions
for select
to authenticated
using (user_id = (select auth.uid()));
