-- Seed data for a local database: a small, realistic platform a front-end developer can
-- click through, identical on every load (`mashdb reset`; docs/local-database.md).
--
-- What: 7 users (no moderator or admin: the schema has no such role, the platform acts
--   as service_role): creators maya (pro), rio (pro, trialing), nova (studio) and leo
--   (free, 2 or more of his 5 monthly uploads used), fans sam, ivy and kai (a new
--   account with no activity, for empty states); 15 mashups (9 public, 2 unlisted,
--   3 private, 1 public draft) with 1536-d embeddings clustered by genre; follows, likes
--   (XP, badges and counters follow from the triggers), comments, a caption track; two
--   challenges with a running battle (Summer Flip, 3:1, ends in 3 days) and a decided one
--   (Spring Clash, won by nova 3:1); maya's active revenue split (maya 60 %, nova 30 %,
--   rio 10 %) with three payments and leo's draft split; subscriptions, fan
--   subscriptions, AI jobs, recommendation events, trending sounds, a live and an ended
--   collaboration session; about 24k analytics events over the 90 days up to yesterday
--   (likes and comments count today), so creator_analytics_timeseries('day', 90) draws
--   a curve for every creator.
-- Who: loaded by `mashdb reset` as the role that migrates (the schema owner), in one
--   transaction, on a database just migrated to head; never on production.
-- How it respects the schema's rules: every row goes through the real constraints and
--   triggers (nothing disables them): sign-up makes the profiles, publishing and likes
--   award XP and badges, likes and comments log their analytics events, rollups follow
--   the events, votes pass battle_votes_validate while their battle is open, split
--   percentages pass their checks and the activation guard. The owner writes what a
--   client cannot (timestamps in the past, so there is history; explicit ids, so every
--   load is identical); every user action in it is one the user's policies allow (own
--   rows, on mashups that user can view; tests/schema/test_seed.py replays them as the
--   users). What only the platform does runs as service_role, as the platform would:
--   record_revenue (the payments), the embeddings (a service_role-only column), the raw
--   analytics events (the ingestion path).
-- Determinism: ids are literals; timestamps are "today" (UTC midnight of the date in
--   the setting mashdb.seed_anchor, else of the current UTC date) minus fixed offsets;
--   pseudo-random numbers are md5 hashes of fixed text. Only what the database stamps
--   itself (now(): XP ledger rows, updated_at, activation and payout times, like and
--   comment events) and its random ids of XP ledger and badge rows differ between loads.
-- Signing in as a seed user: no user has a password (no encrypted_password), so a seeded
--   database, a shared staging project's included, holds no credential anyone could
--   reuse. Each user is a confirmed email user with an email identity, written the way
--   GoTrue (Supabase Auth) writes one, so on a Supabase stack (`supabase start`) a
--   front-end developer signs in as a persona by magic link or one-time code: call
--   signInWithOtp({ email: 'maya@example.com' }) from the app (or POST /auth/v1/otp) and
--   open the mail in the local stack's mail catcher (Mailpit, the "Mailpit URL" of
--   `supabase status`, http://127.0.0.1:54324 by default), which receives every mail of
--   the local auth service; the link signs in, the six-digit code goes to verifyOtp
--   ({ email, token, type: 'email' }). Without an auth service (the embedded database,
--   plain PostgreSQL), act as a user by the JWT claims instead: PostgREST with a token
--   whose sub is the user's id and role 'authenticated', psql with `set local role
--   authenticated` and request.jwt.claims, tests with RLSClient.as_user.

-- Every date computation below is in UTC, whatever the session's time zone.
set local time zone 'UTC';

-- Helpers for this load only (temporary schema, gone at the end of the session).
create function pg_temp.seed_today()
returns timestamptz
language sql
stable
as $$
  select (
    coalesce(
      nullif(current_setting('mashdb.seed_anchor', true), ''),
      ((now() at time zone 'UTC')::date)::text
    )::date::timestamp
  ) at time zone 'UTC'
$$;

create function pg_temp.hex_unit(p_hex text, p_part integer default 0)
returns double precision
language sql
immutable
as $$
  -- part 0..3 of a 32-digit hex hash as a number in [0, 1): four independent draws
  select (('x' || substr(p_hex, 1 + 8 * p_part, 8))::bit(32)::integer::bigint + 2147483648) / 4294967296.0
$$;

create function pg_temp.seed_unit(p_key text)
returns double precision
language sql
immutable
as $$
  select pg_temp.hex_unit(md5(p_key))
$$;

-- Users, written as GoTrue writes a user who signed up by email and confirmed it, so that
-- on a Supabase stack each can sign in by magic link or one-time code (header). GoTrue
-- finds a user by instance_id = the nil uuid, lower(email) and aud, and is_sso_user false;
-- email_confirmed_at set is what makes it send a sign-in link instead of a sign-up
-- confirmation; aud and role are the JWT audience and role ('authenticated'); every token
-- column it reads into a string must be '' (NULL fails its lookup) and created_at /
-- updated_at must be set (it reads them as non-null times); app_metadata names the email
-- provider and user_metadata carries email_verified, as GoTrue leaves them on
-- confirmation. No encrypted_password: a seeded database holds no credential. The
-- sign-up trigger (handle_new_user) creates each profile.
insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  confirmation_token, recovery_token, email_change_token_new, email_change,
  email_change_token_current, phone_change, phone_change_token, reauthentication_token,
  raw_app_meta_data, raw_user_meta_data, is_sso_user, is_anonymous, created_at, updated_at
)
select
  '00000000-0000-0000-0000-000000000000'::uuid as instance_id,
  u.id::uuid,
  'authenticated' as aud,
  'authenticated' as role,  -- noqa: RF04
  u.email,
  null as encrypted_password,
  pg_temp.seed_today() - u.age as email_confirmed_at,
  '' as confirmation_token,
  '' as recovery_token,
  '' as email_change_token_new,
  '' as email_change,
  '' as email_change_token_current,
  '' as phone_change,
  '' as phone_change_token,
  '' as reauthentication_token,
  '{"provider": "email", "providers": ["email"]}'::jsonb as raw_app_meta_data,
  jsonb_build_object(
    'username', u.username,
    'display_name', u.display_name,
    'avatar_url', 'https://cdn.example.com/seed/avatars/' || u.username || '.png',
    'email_verified', true
  ) as raw_user_meta_data,
  false as is_sso_user,
  false as is_anonymous,
  pg_temp.seed_today() - u.age as created_at,
  pg_temp.seed_today() - u.age as updated_at
from (
  values
  ('5eed0000-0000-4000-8000-000000000001', 'maya@example.com', 'maya', 'Maya Okafor', interval '120 days'),
  ('5eed0000-0000-4000-8000-000000000002', 'leo@example.com', 'leo', 'Leo Brandt', interval '95 days'),
  ('5eed0000-0000-4000-8000-000000000003', 'nova@example.com', 'nova', 'Nova Reyes', interval '110 days'),
  ('5eed0000-0000-4000-8000-000000000004', 'rio@example.com', 'rio', 'Rio Tanaka', interval '100 days'),
  ('5eed0000-0000-4000-8000-000000000005', 'sam@example.com', 'sam', 'Sam Patel', interval '92 days'),
  ('5eed0000-0000-4000-8000-000000000006', 'ivy@example.com', 'ivy', 'Ivy Laurent', interval '70 days'),
  ('5eed0000-0000-4000-8000-000000000007', 'kai@example.com', 'kai', 'Kai Moreno', interval '1 day')
) as u (id, email, username, display_name, age);

-- Each user's email identity, as GoTrue's sign-up creates it (provider 'email',
-- provider_id the user's id, identity_data with sub and email) and its confirmation
-- leaves it (email_verified true); the identity's id is the user's, as in GoTrue's own
-- backfill of email identities, so every load is identical.
insert into auth.identities (
  id, provider_id, user_id, provider, identity_data, last_sign_in_at, created_at, updated_at
)
select
  u.id,
  u.id::text as provider_id,
  u.id as user_id,
  'email' as provider,  -- noqa: RF04
  jsonb_build_object(
    'sub', u.id::text,
    'email', u.email,
    'email_verified', true,
    'phone_verified', false
  ) as identity_data,
  u.created_at as last_sign_in_at,
  u.created_at,
  u.created_at as updated_at
from auth.users as u
where u.id::text like '5eed0000-%';

update public.profiles as p
set
  bio = b.bio,
  created_at = u.created_at
from (
  values
  ('5eed0000-0000-4000-8000-000000000001', 'Synthwave and house flips. Pro since day one.'),
  ('5eed0000-0000-4000-8000-000000000002', 'Lo-fi at night, drum and bass by day. Free tier, big dreams.'),
  ('5eed0000-0000-4000-8000-000000000003', 'Vocalist and producer. Studio plan, always recording.'),
  ('5eed0000-0000-4000-8000-000000000004', 'Hip-hop remixes and beat packs.'),
  ('5eed0000-0000-4000-8000-000000000005', 'I just like music.'),
  ('5eed0000-0000-4000-8000-000000000006', null),
  ('5eed0000-0000-4000-8000-000000000007', null)
) as b (id, bio)
inner join auth.users as u on b.id::uuid = u.id
where p.id = u.id;

-- Plans (the payment provider's webhook writes these, as service_role). leo, sam, ivy
-- and kai have no row: the free tier.
insert into public.subscriptions (
  user_id, tier, status, stripe_customer_id, stripe_subscription_id, current_period_end, created_at
)
select
  s.user_id::uuid,
  s.tier,
  s.status,
  s.customer,
  s.subscription,
  pg_temp.seed_today() + s.period_end as current_period_end,
  pg_temp.seed_today() - s.age as created_at
from (
  values
  (
    '5eed0000-0000-4000-8000-000000000001', 'pro', 'active', 'cus_seed_maya', 'sub_seed_maya', interval '20 days',
    interval '110 days'
  ),
  (
    '5eed0000-0000-4000-8000-000000000003', 'studio', 'active', 'cus_seed_nova', 'sub_seed_nova', interval '12 days',
    interval '100 days'
  ),
  (
    '5eed0000-0000-4000-8000-000000000004', 'pro', 'trialing', 'cus_seed_rio', 'sub_seed_rio', interval '7 days',
    interval '7 days'
  )
) as s (user_id, tier, status, customer, subscription, period_end, age);

-- Mashups. Publishing awards the creator 50 XP and the first_mashup badge (trigger).
-- Public published ones are listed; unlisted ones open by link only (get_mashup);
-- private ones and drafts only for their creator.
insert into public.mashups (
  id, creator_id, title, description, genre, tags, audio_url, cover_url, duration_seconds,
  visibility, status, created_at, published_at
)
select
  m.id::uuid,
  m.creator_id::uuid,
  m.title,
  m.description,
  m.genre,
  m.tags,
  'https://cdn.example.com/seed/audio/' || right(m.id, 2) || '.mp3' as audio_url,
  'https://cdn.example.com/seed/covers/' || right(m.id, 2) || '.jpg' as cover_url,
  m.duration_seconds,
  m.visibility,
  m.status,
  pg_temp.seed_today() - m.age as created_at,
  case when m.status = 'published' then pg_temp.seed_today() - m.age end as published_at
from (
  values
  (
    '5eed0001-0000-4000-8000-000000000001', '5eed0000-0000-4000-8000-000000000001', 'Midnight City x Blinding Lights',
    'Two synth anthems, one night drive.', 'synthwave', array['synthwave', '80s', 'night-drive'], 214,
    'public', 'published', interval '90 days'
  ),
  (
    '5eed0001-0000-4000-8000-000000000002', '5eed0000-0000-4000-8000-000000000001', 'Dreams Never End',
    'Deep house rework of a new-wave classic.', 'house', array['house', 'deep'], 301,
    'public', 'published', interval '75 days'
  ),
  (
    '5eed0001-0000-4000-8000-000000000003', '5eed0000-0000-4000-8000-000000000001', 'Golden Hour Edit',
    'My Summer Flip entry.', 'pop', array['pop', 'summer-flip', 'sunset'], 188,
    'public', 'published', interval '20 days'
  ),
  (
    '5eed0001-0000-4000-8000-000000000004', '5eed0000-0000-4000-8000-000000000001', 'Unreleased VIP',
    'For the people with the link.', 'house', array['house', 'vip'], 256,
    'unlisted', 'published', interval '10 days'
  ),
  (
    '5eed0001-0000-4000-8000-000000000005', '5eed0000-0000-4000-8000-000000000001', 'Work in Progress',
    null, 'synthwave', array['wip'], null,
    'private', 'draft', interval '0 days'
  ),
  (
    '5eed0001-0000-4000-8000-000000000006', '5eed0000-0000-4000-8000-000000000002', 'Lo-fi Rainy Nights',
    'Beats to study to, with rain.', 'lofi', array['lofi', 'chill', 'study'], 1800,
    'public', 'published', interval '60 days'
  ),
  (
    '5eed0001-0000-4000-8000-000000000007', '5eed0000-0000-4000-8000-000000000002', 'Bass Face',
    'Liquid drum and bass, my Summer Flip entry.', 'dnb', array['dnb', 'liquid', 'summer-flip'], 245,
    'public', 'published', interval '30 days'
  ),
  (
    '5eed0001-0000-4000-8000-000000000008', '5eed0000-0000-4000-8000-000000000002', 'Demo for the Crew',
    'Not ready for the world yet.', 'lofi', array['lofi', 'demo'], 97,
    'unlisted', 'published', interval '0 days'
  ),
  (
    '5eed0001-0000-4000-8000-000000000009', '5eed0000-0000-4000-8000-000000000002', 'Sketch 4',
    null, 'dnb', array[]::text[], null,
    'private', 'draft', interval '0 days'
  ),
  (
    '5eed0001-0000-4000-8000-000000000010', '5eed0000-0000-4000-8000-000000000003', 'Vocal Chop Symphony',
    'Forty vocal chops, one song. Spring Clash winner.', 'pop', array['pop', 'vocal-chops', 'spring-clash'], 203,
    'public', 'published', interval '85 days'
  ),
  (
    '5eed0001-0000-4000-8000-000000000011', '5eed0000-0000-4000-8000-000000000003', 'Acapella Heaven',
    'Just voices.', 'pop', array['pop', 'acapella'], 176,
    'public', 'published', interval '45 days'
  ),
  (
    '5eed0001-0000-4000-8000-000000000012', '5eed0000-0000-4000-8000-000000000003', 'Studio Session Bounce',
    'Private bounce for my own reference.', 'house', array['house', 'reference'], 412,
    'private', 'published', interval '40 days'
  ),
  (
    '5eed0001-0000-4000-8000-000000000013', '5eed0000-0000-4000-8000-000000000004', 'Trap Remix Pack',
    'Three trap flips in one.', 'hiphop', array['hiphop', 'trap', 'spring-clash'], 232,
    'public', 'published', interval '88 days'
  ),
  (
    '5eed0001-0000-4000-8000-000000000014', '5eed0000-0000-4000-8000-000000000004', 'Boom Bap Revival',
    'Dusty drums, new samples.', 'hiphop', array['hiphop', 'boom-bap'], 198,
    'public', 'published', interval '50 days'
  ),
  (
    '5eed0001-0000-4000-8000-000000000015', '5eed0000-0000-4000-8000-000000000004', 'Jersey Club Flip',
    'Coming soon.', 'hiphop', array['hiphop', 'jersey-club'], 150,
    'public', 'draft', interval '3 days'
  )
) as m (id, creator_id, title, description, genre, tags, duration_seconds, visibility, status, age);

-- Embeddings (a service_role-only column, as the embedding worker writes it): a genre's
-- fixed direction plus per-mashup noise, so similar_mashups finds the same genre first.
set local role service_role;

update public.mashups as m
set embedding = e.embedding
from (
  select
    x.id,
    array_agg(
      pg_temp.seed_unit(x.genre || ':' || d.i) * 2 - 1
      + 0.6 * (pg_temp.seed_unit(x.id::text || ':' || d.i) * 2 - 1)
      order by d.i
    )::vector(1536) as embedding
  from public.mashups as x
  cross join generate_series(1, 1536) as d (i)
  where x.id::text like '5eed0001-%'
  group by x.id
) as e
where m.id = e.id;

reset role;

-- Follows.
insert into public.follows (follower_id, following_id, created_at)
select
  f.follower_id::uuid,
  f.following_id::uuid,
  pg_temp.seed_today() - f.age as created_at
from (
  values
  ('5eed0000-0000-4000-8000-000000000005', '5eed0000-0000-4000-8000-000000000001', interval '80 days'),
  ('5eed0000-0000-4000-8000-000000000005', '5eed0000-0000-4000-8000-000000000003', interval '60 days'),
  ('5eed0000-0000-4000-8000-000000000006', '5eed0000-0000-4000-8000-000000000002', interval '55 days'),
  ('5eed0000-0000-4000-8000-000000000006', '5eed0000-0000-4000-8000-000000000001', interval '40 days'),
  ('5eed0000-0000-4000-8000-000000000007', '5eed0000-0000-4000-8000-000000000001', interval '1 day'),
  ('5eed0000-0000-4000-8000-000000000001', '5eed0000-0000-4000-8000-000000000003', interval '100 days'),
  ('5eed0000-0000-4000-8000-000000000003', '5eed0000-0000-4000-8000-000000000001', interval '100 days'),
  ('5eed0000-0000-4000-8000-000000000002', '5eed0000-0000-4000-8000-000000000004', interval '45 days'),
  ('5eed0000-0000-4000-8000-000000000004', '5eed0000-0000-4000-8000-000000000002', interval '44 days')
) as f (follower_id, following_id, age);

-- Likes, by users who can view the mashup (unlisted ones by their link). The triggers
-- count them, credit the creator 5 XP each and log a 'like' event (today).
insert into public.mashup_likes (user_id, mashup_id, created_at)
select
  l.user_id::uuid,
  l.mashup_id::uuid,
  pg_temp.seed_today() - l.age as created_at
from (
  values
  ('5eed0000-0000-4000-8000-000000000005', '5eed0001-0000-4000-8000-000000000001', interval '80 days'),
  ('5eed0000-0000-4000-8000-000000000005', '5eed0001-0000-4000-8000-000000000002', interval '70 days'),
  ('5eed0000-0000-4000-8000-000000000005', '5eed0001-0000-4000-8000-000000000003', interval '15 days'),
  ('5eed0000-0000-4000-8000-000000000005', '5eed0001-0000-4000-8000-000000000004', interval '8 days'),
  ('5eed0000-0000-4000-8000-000000000005', '5eed0001-0000-4000-8000-000000000010', interval '60 days'),
  ('5eed0000-0000-4000-8000-000000000006', '5eed0001-0000-4000-8000-000000000001', interval '50 days'),
  ('5eed0000-0000-4000-8000-000000000006', '5eed0001-0000-4000-8000-000000000006', interval '55 days'),
  ('5eed0000-0000-4000-8000-000000000006', '5eed0001-0000-4000-8000-000000000007', interval '25 days'),
  ('5eed0000-0000-4000-8000-000000000006', '5eed0001-0000-4000-8000-000000000008', interval '0 days'),
  ('5eed0000-0000-4000-8000-000000000006', '5eed0001-0000-4000-8000-000000000011', interval '40 days'),
  ('5eed0000-0000-4000-8000-000000000001', '5eed0001-0000-4000-8000-000000000010', interval '84 days'),
  ('5eed0000-0000-4000-8000-000000000001', '5eed0001-0000-4000-8000-000000000011', interval '44 days'),
  ('5eed0000-0000-4000-8000-000000000003', '5eed0001-0000-4000-8000-000000000001', interval '89 days'),
  ('5eed0000-0000-4000-8000-000000000003', '5eed0001-0000-4000-8000-000000000003', interval '19 days'),
  ('5eed0000-0000-4000-8000-000000000002', '5eed0001-0000-4000-8000-000000000013', interval '40 days'),
  ('5eed0000-0000-4000-8000-000000000004', '5eed0001-0000-4000-8000-000000000006', interval '44 days'),
  ('5eed0000-0000-4000-8000-000000000004', '5eed0001-0000-4000-8000-000000000007', interval '20 days')
) as l (user_id, mashup_id, age);

-- Comments (each logs a 'comment' event through its trigger).
insert into public.mashup_comments (id, mashup_id, user_id, body, created_at, updated_at)
select
  c.id::uuid,
  c.mashup_id::uuid,
  c.user_id::uuid,
  c.body,
  pg_temp.seed_today() - c.age as created_at,
  pg_temp.seed_today() - c.age as updated_at
from (
  values
  (
    '5eed0008-0000-4000-8000-000000000001', '5eed0001-0000-4000-8000-000000000001',
    '5eed0000-0000-4000-8000-000000000005', 'This is my whole summer playlist now.', interval '79 days'
  ),
  (
    '5eed0008-0000-4000-8000-000000000002', '5eed0001-0000-4000-8000-000000000001',
    '5eed0000-0000-4000-8000-000000000003', 'The drop at 1:12!', interval '88 days'
  ),
  (
    '5eed0008-0000-4000-8000-000000000003', '5eed0001-0000-4000-8000-000000000001',
    '5eed0000-0000-4000-8000-000000000001', 'Thank you both. Stems coming soon.', interval '78 days'
  ),
  (
    '5eed0008-0000-4000-8000-000000000004', '5eed0001-0000-4000-8000-000000000006',
    '5eed0000-0000-4000-8000-000000000006', 'Perfect for late nights.', interval '54 days'
  ),
  (
    '5eed0008-0000-4000-8000-000000000005', '5eed0001-0000-4000-8000-000000000010',
    '5eed0000-0000-4000-8000-000000000004', 'Well deserved win.', interval '9 days'
  ),
  (
    '5eed0008-0000-4000-8000-000000000006', '5eed0001-0000-4000-8000-000000000004',
    '5eed0000-0000-4000-8000-000000000005', 'Thanks for the link, this slaps.', interval '7 days'
  )
) as c (id, mashup_id, user_id, body, age);

-- A caption track (what the auto-caption worker saves for the creator).
insert into public.captions (id, mashup_id, segment_index, start_seconds, end_seconds, text, language, created_at)
select
  c.id::uuid,
  '5eed0001-0000-4000-8000-000000000001'::uuid,
  c.segment_index,
  c.start_seconds,
  c.end_seconds,
  c.text,
  'en' as language,  -- noqa: RF04
  pg_temp.seed_today() - interval '89 days' as created_at
from (
  values
  ('5eed0009-0000-4000-8000-000000000001', 0, 0.000, 4.250, 'Waiting in the car'),
  ('5eed0009-0000-4000-8000-000000000002', 1, 4.250, 9.800, 'Waiting for a ride in the dark'),
  ('5eed0009-0000-4000-8000-000000000003', 2, 9.800, 15.125, 'I said ooh, I''m blinded by the lights')
) as c (id, segment_index, start_seconds, end_seconds, text);

-- Challenges, entries and battles (the platform runs challenges and battles as
-- service_role; creators enter their own mashups while a challenge is active).
insert into public.challenges (id, title, description, status, starts_at, ends_at, created_at)
values
(
  '5eed0002-0000-4000-8000-000000000001', 'Spring Clash', 'Flip a spring hit. Fans decide.', 'active',
  pg_temp.seed_today() - interval '40 days', pg_temp.seed_today() - interval '10 days',
  pg_temp.seed_today() - interval '45 days'
),
(
  '5eed0002-0000-4000-8000-000000000002', 'Summer Flip', 'Your best summer edit, head to head.', 'active',
  pg_temp.seed_today() - interval '14 days', pg_temp.seed_today() + interval '14 days',
  pg_temp.seed_today() - interval '21 days'
);

insert into public.challenge_entries (id, challenge_id, mashup_id, user_id, created_at)
select
  e.id::uuid,
  e.challenge_id::uuid,
  e.mashup_id::uuid,
  e.user_id::uuid,
  pg_temp.seed_today() - e.age as created_at
from (
  values
  (
    '5eed0003-0000-4000-8000-000000000001', '5eed0002-0000-4000-8000-000000000001',
    '5eed0001-0000-4000-8000-000000000010', '5eed0000-0000-4000-8000-000000000003', interval '38 days'
  ),
  (
    '5eed0003-0000-4000-8000-000000000002', '5eed0002-0000-4000-8000-000000000001',
    '5eed0001-0000-4000-8000-000000000013', '5eed0000-0000-4000-8000-000000000004', interval '37 days'
  ),
  (
    '5eed0003-0000-4000-8000-000000000003', '5eed0002-0000-4000-8000-000000000002',
    '5eed0001-0000-4000-8000-000000000003', '5eed0000-0000-4000-8000-000000000001', interval '13 days'
  ),
  (
    '5eed0003-0000-4000-8000-000000000004', '5eed0002-0000-4000-8000-000000000002',
    '5eed0001-0000-4000-8000-000000000007', '5eed0000-0000-4000-8000-000000000002', interval '12 days'
  ),
  (
    '5eed0003-0000-4000-8000-000000000005', '5eed0002-0000-4000-8000-000000000002',
    '5eed0001-0000-4000-8000-000000000011', '5eed0000-0000-4000-8000-000000000003', interval '11 days'
  )
) as e (id, challenge_id, mashup_id, user_id, age);

-- Both battles open first: a vote is accepted only while its battle is open.
insert into public.battles (id, challenge_id, entry_a_id, entry_b_id, status, ends_at, created_at)
values
(
  '5eed0004-0000-4000-8000-000000000001', '5eed0002-0000-4000-8000-000000000001',
  '5eed0003-0000-4000-8000-000000000001', '5eed0003-0000-4000-8000-000000000002', 'open',
  pg_temp.seed_today() + interval '1 day', pg_temp.seed_today() - interval '30 days'
),
(
  '5eed0004-0000-4000-8000-000000000002', '5eed0002-0000-4000-8000-000000000002',
  '5eed0003-0000-4000-8000-000000000003', '5eed0003-0000-4000-8000-000000000004', 'open',
  pg_temp.seed_today() + interval '3 days', pg_temp.seed_today() - interval '10 days'
);

-- One vote per user per battle, never for the voter's own entry (each earns 5 XP).
insert into public.battle_votes (id, battle_id, entry_id, user_id, created_at)
select
  v.id::uuid,
  v.battle_id::uuid,
  v.entry_id::uuid,
  v.user_id::uuid,
  pg_temp.seed_today() - v.age as created_at
from (
  values
  (
    '5eed000f-0000-4000-8000-000000000001', '5eed0004-0000-4000-8000-000000000001',
    '5eed0003-0000-4000-8000-000000000001', '5eed0000-0000-4000-8000-000000000005', interval '25 days'
  ),
  (
    '5eed000f-0000-4000-8000-000000000002', '5eed0004-0000-4000-8000-000000000001',
    '5eed0003-0000-4000-8000-000000000001', '5eed0000-0000-4000-8000-000000000006', interval '24 days'
  ),
  (
    '5eed000f-0000-4000-8000-000000000003', '5eed0004-0000-4000-8000-000000000001',
    '5eed0003-0000-4000-8000-000000000001', '5eed0000-0000-4000-8000-000000000001', interval '22 days'
  ),
  (
    '5eed000f-0000-4000-8000-000000000004', '5eed0004-0000-4000-8000-000000000001',
    '5eed0003-0000-4000-8000-000000000002', '5eed0000-0000-4000-8000-000000000002', interval '20 days'
  ),
  (
    '5eed000f-0000-4000-8000-000000000005', '5eed0004-0000-4000-8000-000000000002',
    '5eed0003-0000-4000-8000-000000000003', '5eed0000-0000-4000-8000-000000000005', interval '6 days'
  ),
  (
    '5eed000f-0000-4000-8000-000000000006', '5eed0004-0000-4000-8000-000000000002',
    '5eed0003-0000-4000-8000-000000000003', '5eed0000-0000-4000-8000-000000000003', interval '5 days'
  ),
  (
    '5eed000f-0000-4000-8000-000000000007', '5eed0004-0000-4000-8000-000000000002',
    '5eed0003-0000-4000-8000-000000000003', '5eed0000-0000-4000-8000-000000000004', interval '4 days'
  ),
  (
    '5eed000f-0000-4000-8000-000000000008', '5eed0004-0000-4000-8000-000000000002',
    '5eed0003-0000-4000-8000-000000000004', '5eed0000-0000-4000-8000-000000000006', interval '2 days'
  )
) as v (id, battle_id, entry_id, user_id, age);

-- Spring Clash is decided: it ended 10 days ago, nova's entry won 3:1.
update public.battles
set
  status = 'closed',
  ends_at = pg_temp.seed_today() - interval '10 days',
  winner_entry_id = '5eed0003-0000-4000-8000-000000000001'
where id = '5eed0004-0000-4000-8000-000000000001';

update public.challenges
set status = 'closed'
where id = '5eed0002-0000-4000-8000-000000000001';

-- Revenue splits: maya's, on her most played mashup, active with three payments; leo's
-- a draft he is still filling in (80 % assigned).
insert into public.revenue_splits (id, mashup_id, creator_id, payout_frequency, minimum_payout, created_at)
values
(
  '5eed0005-0000-4000-8000-000000000001', '5eed0001-0000-4000-8000-000000000001',
  '5eed0000-0000-4000-8000-000000000001', 'monthly', 10.00, pg_temp.seed_today() - interval '85 days'
),
(
  '5eed0005-0000-4000-8000-000000000002', '5eed0001-0000-4000-8000-000000000006',
  '5eed0000-0000-4000-8000-000000000002', 'weekly', 5.00, pg_temp.seed_today() - interval '3 days'
);

insert into public.revenue_split_recipients (
  id, split_id, user_id, display_name, wallet_address, percentage, role, verified, created_at
)
select
  r.id::uuid,
  r.split_id::uuid,
  r.user_id::uuid,
  r.display_name,
  r.wallet_address,
  r.percentage,
  r.role,
  r.verified,
  pg_temp.seed_today() - r.age as created_at
from (
  values
  (
    '5eed0006-0000-4000-8000-000000000001', '5eed0005-0000-4000-8000-000000000001',
    '5eed0000-0000-4000-8000-000000000001', 'Maya Okafor', '0x5eed00000000000000000000000000000000a001',
    60.00, 'creator', true, interval '85 days'
  ),
  (
    '5eed0006-0000-4000-8000-000000000002', '5eed0005-0000-4000-8000-000000000001',
    '5eed0000-0000-4000-8000-000000000003', 'Nova Reyes', '0x5eed00000000000000000000000000000000a003',
    30.00, 'vocalist', true, interval '85 days'
  ),
  (
    '5eed0006-0000-4000-8000-000000000003', '5eed0005-0000-4000-8000-000000000001',
    '5eed0000-0000-4000-8000-000000000004', 'Rio Tanaka', null,
    10.00, 'producer', false, interval '84 days'
  ),
  (
    '5eed0006-0000-4000-8000-000000000004', '5eed0005-0000-4000-8000-000000000002',
    '5eed0000-0000-4000-8000-000000000002', 'Leo Brandt', null,
    80.00, 'creator', false, interval '3 days'
  )
) as r (id, split_id, user_id, display_name, wallet_address, percentage, role, verified, age);

update public.revenue_splits
set status = 'active'
where id = '5eed0005-0000-4000-8000-000000000001';

-- The payments, as the platform records them (15 % fee, shares to the cent).
set local role service_role;

select
  p.amount,
  r.kind,
  r.recipient_id,
  r.amount as share_amount
from (values (120.00), (75.50), (42.25)) as p (amount)
cross join lateral public.record_revenue('5eed0005-0000-4000-8000-000000000001', p.amount) as r;

reset role;

-- Fans supporting creators (the payment provider's webhook, as service_role).
insert into public.fan_subscriptions (id, fan_id, creator_id, tier, status, price_cents, created_at, canceled_at)
values
(
  '5eed0007-0000-4000-8000-000000000001', '5eed0000-0000-4000-8000-000000000005',
  '5eed0000-0000-4000-8000-000000000001', 'supporter', 'active', 500, pg_temp.seed_today() - interval '60 days', null
),
(
  '5eed0007-0000-4000-8000-000000000002', '5eed0000-0000-4000-8000-000000000006',
  '5eed0000-0000-4000-8000-000000000002', 'supporter', 'active', 300, pg_temp.seed_today() - interval '30 days', null
),
(
  '5eed0007-0000-4000-8000-000000000003', '5eed0000-0000-4000-8000-000000000005',
  '5eed0000-0000-4000-8000-000000000003', 'superfan', 'canceled', 1000, pg_temp.seed_today() - interval '50 days',
  pg_temp.seed_today() - interval '20 days'
);

-- AI jobs in every state (users queue them; the worker, as service_role, updates them).
insert into public.ai_jobs (id, user_id, job_type, status, input, result, error, created_at, updated_at)
select
  j.id::uuid,
  j.user_id::uuid,
  j.job_type,
  j.status,
  j.input::jsonb,
  j.result::jsonb,
  j.error,
  pg_temp.seed_today() - j.age as created_at,
  pg_temp.seed_today() - j.age + interval '3 minutes' as updated_at
from (
  values
  (
    '5eed000c-0000-4000-8000-000000000001', '5eed0000-0000-4000-8000-000000000001', 'stem_separation', 'succeeded',
    '{"mashup_id": "5eed0001-0000-4000-8000-000000000001"}', '{"stems": 4}', null, interval '80 days'
  ),
  (
    '5eed000c-0000-4000-8000-000000000002', '5eed0000-0000-4000-8000-000000000001', 'ai_generation', 'running',
    '{"prompt": "synthwave intro, 8 bars"}', null, null, interval '0 days'
  ),
  (
    '5eed000c-0000-4000-8000-000000000003', '5eed0000-0000-4000-8000-000000000002', 'auto_caption', 'queued',
    '{"mashup_id": "5eed0001-0000-4000-8000-000000000006"}', null, null, interval '0 days'
  ),
  (
    '5eed000c-0000-4000-8000-000000000004', '5eed0000-0000-4000-8000-000000000003', 'ai_completion', 'failed',
    '{"prompt": "finish this chorus"}', null, 'model timed out', interval '5 days'
  )
) as j (id, user_id, job_type, status, input, result, error, age);

-- Collaboration: maya's live session on her Summer Flip entry (nova editing, rio left)
-- with an open voice room, and leo's ended session.
insert into public.collaboration_sessions (id, host_id, mashup_id, title, status, max_participants, created_at, ended_at)
values
(
  '5eed000a-0000-4000-8000-000000000001', '5eed0000-0000-4000-8000-000000000001',
  '5eed0001-0000-4000-8000-000000000003', 'Golden Hour stems', 'active', 4, pg_temp.seed_today() - interval '2 days',
  null
),
(
  '5eed000a-0000-4000-8000-000000000002', '5eed0000-0000-4000-8000-000000000002',
  null, 'Bass Face feedback', 'ended', 8, pg_temp.seed_today() - interval '28 days',
  pg_temp.seed_today() - interval '28 days' + interval '90 minutes'
);

insert into public.collaboration_participants (session_id, user_id, role, status, joined_at, left_at)
select
  p.session_id::uuid,
  p.user_id::uuid,
  p.role,
  p.status,
  pg_temp.seed_today() - p.age as joined_at,
  pg_temp.seed_today() - p.left_age as left_at
from (
  values
  (
    '5eed000a-0000-4000-8000-000000000001', '5eed0000-0000-4000-8000-000000000001', 'host', 'joined',
    interval '2 days', null
  ),
  (
    '5eed000a-0000-4000-8000-000000000001', '5eed0000-0000-4000-8000-000000000003', 'editor', 'joined',
    interval '2 days', null
  ),
  (
    '5eed000a-0000-4000-8000-000000000001', '5eed0000-0000-4000-8000-000000000004', 'viewer', 'left',
    interval '2 days', interval '1 day'
  ),
  (
    '5eed000a-0000-4000-8000-000000000002', '5eed0000-0000-4000-8000-000000000002', 'host', 'left',
    interval '28 days', interval '27 days'
  ),
  (
    '5eed000a-0000-4000-8000-000000000002', '5eed0000-0000-4000-8000-000000000006', 'editor', 'left',
    interval '28 days', interval '27 days'
  )
) as p (session_id, user_id, role, status, age, left_age);

insert into public.voice_rooms (id, host_id, session_id, name, status, created_at)
values (
  '5eed000b-0000-4000-8000-000000000001', '5eed0000-0000-4000-8000-000000000001',
  '5eed000a-0000-4000-8000-000000000001', 'Golden Hour room', 'open', pg_temp.seed_today() - interval '2 days'
);

-- Recommendation feedback of two fans (shown, clicked, completed, dismissed).
insert into public.recommendation_events (id, user_id, mashup_id, event_type, recommendation_id, metadata, created_at)
select
  r.id::uuid,
  r.user_id::uuid,
  r.mashup_id::uuid,
  r.event_type,
  'seed-feed-1' as recommendation_id,
  '{"surface": "home"}'::jsonb,
  pg_temp.seed_today() - r.age as created_at
from (
  values
  (
    '5eed000d-0000-4000-8000-000000000001', '5eed0000-0000-4000-8000-000000000005',
    '5eed0001-0000-4000-8000-000000000006', 'shown', interval '12 days'
  ),
  (
    '5eed000d-0000-4000-8000-000000000002', '5eed0000-0000-4000-8000-000000000005',
    '5eed0001-0000-4000-8000-000000000006', 'clicked', interval '12 days'
  ),
  (
    '5eed000d-0000-4000-8000-000000000003', '5eed0000-0000-4000-8000-000000000005',
    '5eed0001-0000-4000-8000-000000000006', 'completed', interval '12 days'
  ),
  (
    '5eed000d-0000-4000-8000-000000000004', '5eed0000-0000-4000-8000-000000000005',
    '5eed0001-0000-4000-8000-000000000013', 'dismissed', interval '11 days'
  ),
  (
    '5eed000d-0000-4000-8000-000000000005', '5eed0000-0000-4000-8000-000000000006',
    '5eed0001-0000-4000-8000-000000000002', 'shown', interval '9 days'
  ),
  (
    '5eed000d-0000-4000-8000-000000000006', '5eed0000-0000-4000-8000-000000000006',
    '5eed0001-0000-4000-8000-000000000002', 'clicked', interval '9 days'
  )
) as r (id, user_id, mashup_id, event_type, age);

-- Trending sounds (what the trending job fetched this morning).
insert into public.trending_sounds (id, title, artist, source, external_url, thumbnail_url, rank, fetched_at)
select
  t.id::uuid,
  t.title,
  t.artist,
  t.source,
  'https://example.com/seed/sounds/' || t.rank as external_url,
  null as thumbnail_url,
  t.rank,
  pg_temp.seed_today() as fetched_at
from (
  values
  ('5eed000e-0000-4000-8000-000000000001', 'Espresso Sunrise', 'Seed Artist One', 'spotify', 1),
  ('5eed000e-0000-4000-8000-000000000002', 'Night Bus Anthem', 'Seed Artist Two', 'tiktok', 2),
  ('5eed000e-0000-4000-8000-000000000003', 'Paper Planes Flip', 'Seed Artist Three', 'youtube', 3),
  ('5eed000e-0000-4000-8000-000000000004', 'Rooftop Strings', 'Seed Artist Four', 'spotify', 4),
  ('5eed000e-0000-4000-8000-000000000005', 'Kettle Drum Riot', 'Seed Artist Five', 'manual', 5)
) as t (id, title, artist, source, rank);

-- Analytics: plays, skips, shares, downloads and embeds of every public or unlisted
-- published mashup, from the day after it was published (at most 90 days back) to
-- yesterday, as the ingestion service (service_role) records them. Each mashup has a
-- daily base; weekends are busier and popularity grows over time; the rollup triggers
-- keep analytics_daily_rollup exact. About one event in five is by a signed-in fan.
set local role service_role;

insert into public.analytics_events (user_id, mashup_id, event_type, metadata, created_at)
select
  case
    when k.who < 0.08 then '5eed0000-0000-4000-8000-000000000005'::uuid
    when k.who < 0.16 then '5eed0000-0000-4000-8000-000000000006'::uuid
    when k.who < 0.20 then '5eed0000-0000-4000-8000-000000000001'::uuid
  end as user_id,
  k.mashup_id,
  case
    when k.roll < 0.78 then 'play'
    when k.roll < 0.90 then 'skip'
    when k.roll < 0.96 then 'share'
    when k.roll < 0.985 then 'download'
    else 'embed'
  end as event_type,
  jsonb_build_object(
    'client', (array['web', 'ios', 'android'])[1 + floor(k.client * 3)::integer]
  ) as metadata,
  k.day + floor(k.moment * 86400) * interval '1 second' as created_at
from (
  select
    d.mashup_id,
    d.day,
    n.i,
    pg_temp.hex_unit(x.h, 0) as roll,
    pg_temp.hex_unit(x.h, 1) as who,
    pg_temp.hex_unit(x.h, 2) as client,
    pg_temp.hex_unit(x.h, 3) as moment
  from (
    select
      m.id as mashup_id,
      g.day,
      round(
        b.per_day
        * (case when extract(isodow from g.day) >= 6 then 1.4 else 1.0 end)
        * (0.7 + 0.6 * extract(epoch from g.day - pg_temp.seed_today() + interval '90 days') / 7776000)
        * (0.6 + 0.8 * pg_temp.seed_unit(m.id::text || ':' || g.day::date))
      )::integer as events
    from public.mashups as m
    inner join (
      values
      ('5eed0001-0000-4000-8000-000000000001', 60),
      ('5eed0001-0000-4000-8000-000000000002', 30),
      ('5eed0001-0000-4000-8000-000000000003', 45),
      ('5eed0001-0000-4000-8000-000000000004', 6),
      ('5eed0001-0000-4000-8000-000000000006', 25),
      ('5eed0001-0000-4000-8000-000000000007', 35),
      ('5eed0001-0000-4000-8000-000000000010', 45),
      ('5eed0001-0000-4000-8000-000000000011', 20),
      ('5eed0001-0000-4000-8000-000000000013', 50),
      ('5eed0001-0000-4000-8000-000000000014', 15)
    ) as b (mashup_id, per_day) on m.id = b.mashup_id::uuid
    cross join
      lateral generate_series(
        greatest(date_trunc('day', m.published_at) + interval '1 day', pg_temp.seed_today() - interval '90 days'),
        pg_temp.seed_today() - interval '1 day',
        interval '1 day'
      ) as g (day)
    where m.status = 'published' and m.visibility in ('public', 'unlisted')
  ) as d
  cross join lateral generate_series(1, d.events) as n (i)
  cross join lateral (select md5(d.mashup_id::text || ':' || d.day::date || ':' || n.i) as h) as x
) as k
order by created_at, k.mashup_id, k.i;

reset role;
