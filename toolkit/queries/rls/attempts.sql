-- Runs a batch of RLS attempts server-side, in one call: what toolkit/rls/client.py's
-- RLSClient.attempt does per statement (a savepoint, a persona, the statement, a check
-- of its effect as the database owner, a rollback), for many statements per round trip.
-- A temporary function of the caller's session (pg_temp), created inside the caller's
-- transaction, so it vanishes with it; SECURITY INVOKER on purpose: it switches persona
-- with set_config('role', ...) exactly as a client does, which a definer function may not.
--
-- batch: a JSON array of attempts, each an object with
--   sql      the statement (literals inlined; `{label}` refers to a setup row, below)
--   role     anon | authenticated | service_role | null (the connection's own role)
--   claims   the request.jwt.claims JSON text, or null
--   rows     true when the statement returns rows (SELECT, a function call)
--   verify   SQL returning one boolean, run as the owner after a statement that touched
--            rows: false turns the outcome into invisible
--   rowless  success counts as one row (TRUNCATE): `verify` decides
--   quiet    suppress triggers first (session_replication_role = replica) where allowed
--   check    the statement returns (permitted boolean, refused_on text): not permitted
--            is reported as SQLSTATE 42501 without running anything else
--   setup    [{sql, label}] run as the owner first, in order; a labelled statement's one
--            row's first column replaces `{label}` (as a SQL literal) in later statements
--   keep     keep the effect (no rollback) and return the setup rows by label
--   fetch    return every row the statement returned (else only the first)
-- A malformed attempt (no statement, a setup statement that fails or a labelled one that
-- does not return exactly one row) is reported with SQLSTATE MDB01: a harness error, which
-- RLSClient.attempt_many raises instead of returning it as an outcome.
-- Returns one row per attempt, in order: idx, kind (allowed | denied | invisible | error),
-- nrows, sqlstate, message, rows (a JSON array of rows, each an array of its values),
-- labels (keep only: label -> the setup row as an object).
create or replace function pg_temp.mashdb_rls_attempts(batch jsonb)
returns table (
  o_idx integer,
  o_kind text,
  o_nrows bigint,
  o_sqlstate text,
  o_message text,
  o_rows json,
  o_labels json
)
language plpgsql
as $fn$
declare
  item jsonb;
  step jsonb;
  rec record;
  lit text;
  stmt text;
  check_sql text;
  n bigint;
  ok boolean;
  refused text;
  acc text[];
  lab text[];
  subst jsonb;
  k text;
begin
  for i in 0 .. coalesce(jsonb_array_length(batch), 0) - 1 loop
    item := batch -> i;
    o_idx := i;
    o_kind := null;
    o_nrows := 0;
    o_sqlstate := null;
    o_message := null;
    o_rows := null;
    o_labels := null;
    acc := '{}';
    lab := '{}';
    subst := '{}';
    begin
      if item ? 'setup' then
        begin
          for step in select value from jsonb_array_elements(item -> 'setup') loop
            stmt := step ->> 'sql';
            for k in select key from jsonb_each_text(subst) loop
              stmt := replace(stmt, '{' || k || '}', subst ->> k);
            end loop;
            if step ->> 'label' is null then
              execute stmt;
              continue;
            end if;
            n := 0;
            for rec in execute stmt loop
              n := n + 1;
              lab := lab || format('%s: %s', to_json(step ->> 'label'), row_to_json(rec));
              -- the first column as a SQL literal: a uuid typed, an integer bare, else quoted
              select
                case
                  when j.value ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                    then quote_literal(j.value) || '::uuid'
                  when j.value ~ '^-?[0-9]+$' then j.value
                  else quote_literal(j.value)
                end
              into lit
              from json_each_text(row_to_json(rec)) as j
              limit 1;
              subst := subst || jsonb_build_object(step ->> 'label', coalesce(lit, 'null'));
            end loop;
            if n <> 1 then
              raise exception 'setup row @% returned % rows, expected 1', step ->> 'label', n;
            end if;
          end loop;
        exception when others then
          raise exception 'setup of attempt %: % (SQLSTATE %)', i, sqlerrm, sqlstate
          using errcode = 'MDB01';
        end;
      end if;
      stmt := item ->> 'sql';
      check_sql := item ->> 'verify';
      for k in select key from jsonb_each_text(subst) loop
        stmt := replace(stmt, '{' || k || '}', subst ->> k);
        check_sql := replace(check_sql, '{' || k || '}', subst ->> k);
      end loop;
      if stmt is null then
        raise exception 'attempt % has no statement', i using errcode = 'MDB01';
      end if;
      if coalesce((item ->> 'quiet')::boolean, false) then
        begin
          perform set_config('session_replication_role', 'replica', true);
        exception when insufficient_privilege then
          null;
        end;
      end if;
      perform set_config('role', coalesce(item ->> 'role', 'none'), true);
      perform set_config('request.jwt.claims', coalesce(item ->> 'claims', ''), true);
      n := 0;
      if coalesce((item ->> 'check')::boolean, false) then
        execute stmt into ok, refused;
        if not coalesce(ok, false) then
          raise exception 'permission denied for table %', refused using errcode = '42501';
        end if;
        n := 1;
      elsif coalesce((item ->> 'rows')::boolean, false) then
        for rec in execute stmt loop
          n := n + 1;
          if n = 1 or coalesce((item ->> 'fetch')::boolean, false) then
            acc := acc || (select json_agg(j.value)::text from json_each(row_to_json(rec)) as j);
          end if;
        end loop;
      else
        execute stmt;
        get diagnostics n = row_count;
      end if;
      if coalesce((item ->> 'rowless')::boolean, false) then
        n := 1;
      end if;
      perform set_config('role', 'none', true);
      perform set_config('request.jwt.claims', '', true);
      if n > 0 and check_sql is not null then
        execute check_sql into ok;
        if not coalesce(ok, false) then
          n := 0;
        end if;
      end if;
      o_nrows := n;
      o_kind := case when n > 0 then 'allowed' else 'invisible' end;
      o_rows := ('[' || array_to_string(acc, ',') || ']')::json;
      if coalesce((item ->> 'keep')::boolean, false) then
        o_labels := ('{' || array_to_string(lab, ',') || '}')::json;
      else
        raise exception 'undo' using errcode = 'MDB00';
      end if;
    exception when others then
      if o_kind is null then
        get stacked diagnostics o_sqlstate = returned_sqlstate, o_message = message_text;
        o_kind := case when o_sqlstate = '42501' then 'denied' else 'error' end;
        o_nrows := 0;
        o_rows := '[]';
      end if;
    end;
    return next;
  end loop;
end
$fn$;

-- Groups of attempts: groups is a JSON array of {setup, attempts, undo}. A group with
-- `undo` runs its `setup` statements (as the owner, e.g. DROP POLICY) once, then its
-- attempts, then rolls all of it back; without, its attempts run as above.
create or replace function pg_temp.mashdb_rls_groups(groups jsonb)
returns setof record
language plpgsql
as $fn$
declare
  g jsonb;
  s text;
begin
  for g in select value from jsonb_array_elements(groups) loop
    if not coalesce((g ->> 'undo')::boolean, false) then
      return query select * from pg_temp.mashdb_rls_attempts(g -> 'attempts');
      continue;
    end if;
    begin
      for s in select value from jsonb_array_elements_text(coalesce(g -> 'setup', '[]')) loop
        execute s;
      end loop;
      return query select * from pg_temp.mashdb_rls_attempts(g -> 'attempts');
      raise exception 'undo' using errcode = 'MDB00';
    exception when sqlstate 'MDB00' then
      null;
    end;
  end loop;
end
$fn$;
