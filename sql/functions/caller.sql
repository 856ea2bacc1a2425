-- The caller's user id for policies, at the cost of one function call.
--
-- What: public.caller_id() returns exactly auth.uid(): the JWT subject of the current
--   request, or null (anon, no claims).
-- Who: any API role; the select policies of mashups and voice_rooms call it as
--   `(select public.caller_id())` (an InitPlan: once per statement). As an RPC it only
--   tells the caller its own JWT subject.
-- Why: auth.uid() is a SQL function, so the planner inlines it into every statement that
--   names it, parsing and analysing its body (two current_setting() calls, a jsonb cast)
--   at every plan: about 40 µs, a third of a 0.1 ms feed read, paid even where the
--   InitPlan never runs. A PL/pgSQL function is never inlined: planning sees one call
--   node and the body is parsed once per session. STABLE, not IMMUTABLE: a cached or
--   generic plan must never hold one user's id for the next statement. SECURITY INVOKER
--   (it reads the caller's own settings, nothing else), with every name
--   schema-qualified; no SET clause (it would cost a configuration save and restore on
--   every call and protects nothing an invoker function has).
--
-- requires: 0001_profiles

create or replace function public.caller_id()
returns uuid
language plpgsql
stable
parallel safe
as $$
begin
  return auth.uid();
end;
$$;

comment on function public.caller_id() is
'auth.uid() that the planner does not inline (cheap to plan); RLS helper for policies.';

revoke execute on function public.caller_id() from public;
grant execute on function public.caller_id() to anon, authenticated, service_role;
