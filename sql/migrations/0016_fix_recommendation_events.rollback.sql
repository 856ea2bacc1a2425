-- Rollback of 0016_fix_recommendation_events: restores the narrow event_type
-- check of 0006 and drops the columns 0016 added.
-- Refuses (SQLSTATE 23514, check_violation) when rows with the new event types
-- exist, naming how many rows block it: they would violate the restored check,
-- and silently deleting a user's history is not a rollback's call to make.
-- Delete or migrate those rows first, then roll back again.

do $rollback$
declare
  blocking bigint;
begin
  select count(*) into blocking
  from public.recommendation_events
  where event_type not in ('impression', 'play', 'skip', 'like', 'share', 'open');
  if blocking > 0 then
    raise exception 'cannot roll back 0016_fix_recommendation_events: % row(s) of public.recommendation_events have an event_type outside the original check', blocking
    using errcode = '23514',
    hint = 'delete or convert the rows with event_type in (shown, clicked, dismissed, completed) first';
  end if;
end
$rollback$;

revoke insert (recommendation_id, metadata) on table public.recommendation_events from authenticated;

alter table public.recommendation_events
drop column if exists recommendation_id,
drop column if exists metadata;

alter table public.recommendation_events
drop constraint if exists recommendation_events_event_type_check;

alter table public.recommendation_events
add constraint recommendation_events_event_type_check
check (event_type in ('impression', 'play', 'skip', 'like', 'share', 'open'));
