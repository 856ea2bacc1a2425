-- Policies of public.captions.
--
-- What/who: captions are readable (anon too) when the mashup may be listed to
--   the caller (published public, or the caller's own; public.can_list_mashup);
--   those of an unlisted mashup are read by its link through
--   public.get_mashup_captions(id). The mashup's creator inserts, updates and
--   deletes them.
-- Why: helpers from functions/mashups.sql avoid re-entering the mashups
--   policies; the update check keeps the caption on a mashup the caller
--   created. Index: unique (mashup_id, segment_index).
--
-- requires: 0010_captions
-- depends: functions/mashups.sql

create policy captions_select_listed
on public.captions
for select
to anon, authenticated
using (public.can_list_mashup(mashup_id));

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
