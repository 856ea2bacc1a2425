-- Policies of public.captions.
--
-- What/who: captions are readable (anon too) when the mashup may be listed to
--   the caller (published public, or the caller's own; public.can_list_mashup);
--   those of an unlisted mashup are read by its link through
--   public.get_mashup_captions(id). The mashup's creator inserts, updates and
--   deletes them.
-- Why: the listed test is the row's mashup_listed flag (0025, kept exact by
--   functions/listed_flags.sql), not a SECURITY DEFINER call per row; the
--   creator's mashup ids are read once (an InitPlan array; the caller through
--   public.caller_id(), so a plan does not re-parse auth.uid()'s body). Writes keep the
--   helpers from functions/mashups.sql, which avoid re-entering the mashups
--   policies; the update check keeps the caption on a mashup the caller
--   created. Index: unique (mashup_id, segment_index).
--
-- requires: 0025_read_shapes_and_hot_rows
-- depends: functions/mashups.sql
-- depends: functions/listed_flags.sql
-- depends: functions/caller.sql

create policy captions_select_listed
on public.captions
for select
to anon, authenticated
using (
  mashup_listed
  or mashup_id = any(array(
    select m.id
    from public.mashups as m
    where m.creator_id = (select public.caller_id())
  ))
);

create policy captions_insert_creator
on public.captions
for insert
to authenticated
with check (public.is_mashup_creator(mashup_id));

create policy captions_update_creator
on public.captions
for update
to authenticated
using (public.is_mashup_creator(mashup_id))
with check (public.is_mashup_creator(mashup_id));

create policy captions_delete_creator
on public.captions
for delete
to authenticated
using (public.is_mashup_creator(mashup_id));
