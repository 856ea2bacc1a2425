-- The probe world of mashdb's RLS suite: the rows every table's commands are tried on.
--
-- Run as the database owner, in file order, inside a transaction that is always rolled
-- back. `-- @name` before a statement names the one row it returns: `{name}` elsewhere
-- (here, in probes.toml and in matrix.toml) is then that value as a SQL literal, and a
-- probe row `row = "name"` is the row whose key is the returned columns. Statements
-- without a name (updates, inserts nobody refers to) just run.
--
-- Users: one per signed-in persona (owner, other, participant, creator) plus
-- `stranger` (owns public and private rows nobody else relates to) and `spare` (owns
-- nothing; the "someone else" of foreign inserts). The sign-up trigger makes profiles.

-- @owner
insert into auth.users (id, email, raw_user_meta_data)
values (gen_random_uuid(), 'owner-' || left(gen_random_uuid()::text, 8) || '@probe.rls', '{"display_name": "owner"}')
returning id;

-- @other
insert into auth.users (id, email, raw_user_meta_data)
values (gen_random_uuid(), 'other-' || left(gen_random_uuid()::text, 8) || '@probe.rls', '{"display_name": "other"}')
returning id;

-- @participant
insert into auth.users (id, email, raw_user_meta_data)
values (gen_random_uuid(), 'participant-' || left(gen_random_uuid()::text, 8) || '@probe.rls', '{"display_name": "participant"}')
returning id;

-- @creator
insert into auth.users (id, email, raw_user_meta_data)
values (gen_random_uuid(), 'creator-' || left(gen_random_uuid()::text, 8) || '@probe.rls', '{"display_name": "creator"}')
returning id;

-- @stranger
insert into auth.users (id, email, raw_user_meta_data)
values (gen_random_uuid(), 'stranger-' || left(gen_random_uuid()::text, 8) || '@probe.rls', '{"display_name": "stranger"}')
returning id;

-- @spare
insert into auth.users (id, email, raw_user_meta_data)
values (gen_random_uuid(), 'spare-' || left(gen_random_uuid()::text, 8) || '@probe.rls', '{"display_name": "spare"}')
returning id;

-- Mashups: a published public one and a private draft each for owner, other, creator
-- and stranger (publishing awards XP and the first_mashup badge), and a second public
-- one of stranger's.

-- @owner_pub
insert into public.mashups (creator_id, title, status, visibility)
values ({owner}, 'owner pub', 'published', 'public') returning id;

-- @owner_priv
insert into public.mashups (creator_id, title, status, visibility)
values ({owner}, 'owner priv', 'draft', 'private') returning id;

-- @other_pub
insert into public.mashups (creator_id, title, status, visibility)
values ({other}, 'other pub', 'published', 'public') returning id;

-- @other_priv
insert into public.mashups (creator_id, title, status, visibility)
values ({other}, 'other priv', 'draft', 'private') returning id;

-- @creator_pub
insert into public.mashups (creator_id, title, status, visibility)
values ({creator}, 'creator pub', 'published', 'public') returning id;

-- @creator_priv
insert into public.mashups (creator_id, title, status, visibility)
values ({creator}, 'creator priv', 'draft', 'private') returning id;

-- @stranger_pub
insert into public.mashups (creator_id, title, status, visibility)
values ({stranger}, 'stranger pub', 'published', 'public') returning id;

-- @stranger_priv
insert into public.mashups (creator_id, title, status, visibility)
values ({stranger}, 'stranger priv', 'draft', 'private') returning id;

-- @stranger_pub2
insert into public.mashups (creator_id, title, status, visibility)
values ({stranger}, 'stranger 2 pub', 'published', 'public') returning id;

-- Likes and comments: owner's on a public mashup of stranger's; stranger's on each of
-- creator's mashups and on stranger's own private one.

-- @like_owner
insert into public.mashup_likes (user_id, mashup_id)
values ({owner}, {stranger_pub}) returning user_id, mashup_id;

-- @like_cpriv
insert into public.mashup_likes (user_id, mashup_id)
values ({stranger}, {creator_priv}) returning user_id, mashup_id;

-- @like_cpub
insert into public.mashup_likes (user_id, mashup_id)
values ({stranger}, {creator_pub}) returning user_id, mashup_id;

-- @like_spriv
insert into public.mashup_likes (user_id, mashup_id)
values ({stranger}, {stranger_priv}) returning user_id, mashup_id;

-- @comment_owner
insert into public.mashup_comments (user_id, mashup_id, body)
values ({owner}, {stranger_pub}, 'owner says hi') returning id;

-- @comment_cpriv
insert into public.mashup_comments (user_id, mashup_id, body)
values ({stranger}, {creator_priv}, 'stranger says hi') returning id;

-- @comment_cpub
insert into public.mashup_comments (user_id, mashup_id, body)
values ({stranger}, {creator_pub}, 'stranger says hi') returning id;

-- @comment_spriv
insert into public.mashup_comments (user_id, mashup_id, body)
values ({stranger}, {stranger_priv}, 'stranger says hi') returning id;

-- @owner_follows
insert into public.follows (follower_id, following_id)
values ({owner}, {stranger}) returning follower_id, following_id;

-- @stranger_follows
insert into public.follows (follower_id, following_id)
values ({stranger}, {creator}) returning follower_id, following_id;

-- Challenges, entries and battles (open until tomorrow), two votes in battle1.

-- @ch_active
insert into public.challenges (title, status) values ('probe challenge', 'active') returning id;

-- @ch_active2
insert into public.challenges (title, status) values ('probe challenge 2', 'active') returning id;

-- @entry_owner
insert into public.challenge_entries (challenge_id, mashup_id, user_id)
values ({ch_active}, {owner_pub}, {owner}) returning id;

-- @entry_stranger
insert into public.challenge_entries (challenge_id, mashup_id, user_id)
values ({ch_active}, {stranger_pub}, {stranger}) returning id;

-- @entry_creator
insert into public.challenge_entries (challenge_id, mashup_id, user_id)
values ({ch_active}, {creator_pub}, {creator}) returning id;

-- in no battle: the owner may withdraw it (entries in a battle stay, 0022)
-- @entry_owner_free
insert into public.challenge_entries (challenge_id, mashup_id, user_id)
values ({ch_active}, {owner_priv}, {owner}) returning id;

-- @battle1
insert into public.battles (challenge_id, entry_a_id, entry_b_id, ends_at)
values ({ch_active}, {entry_creator}, {entry_stranger}, now() + interval '1 day') returning id;

-- @battle2
insert into public.battles (challenge_id, entry_a_id, entry_b_id, ends_at)
values ({ch_active}, {entry_owner}, {entry_stranger}, now() + interval '1 day') returning id;

-- @vote_owner
insert into public.battle_votes (battle_id, entry_id, user_id)
values ({battle1}, {entry_creator}, {owner}) returning id;

-- @vote_stranger
insert into public.battle_votes (battle_id, entry_id, user_id)
values ({battle1}, {entry_creator}, {stranger}) returning id;

-- @recevent_owner
insert into public.recommendation_events (user_id, mashup_id, event_type)
values ({owner}, {stranger_pub}, 'play') returning id;

-- @recevent_stranger
insert into public.recommendation_events (user_id, mashup_id, event_type)
values ({stranger}, {stranger_pub}, 'play') returning id;

-- Collaboration: owner hosts session1 (participant joined), stranger hosts session2
-- (participant joined and left); voice rooms of owner (one in session1) and stranger.

-- @session1
insert into public.collaboration_sessions (host_id, title) values ({owner}, 'owner jam') returning id;

-- @session2
insert into public.collaboration_sessions (host_id, title) values ({stranger}, 'stranger jam') returning id;

-- @session1_owner
insert into public.collaboration_participants (session_id, user_id, role, status)
values ({session1}, {owner}, 'host', 'joined') returning session_id, user_id;

-- @session1_participant
insert into public.collaboration_participants (session_id, user_id, role, status)
values ({session1}, {participant}, 'editor', 'joined') returning session_id, user_id;

-- @session2_stranger
insert into public.collaboration_participants (session_id, user_id, role, status)
values ({session2}, {stranger}, 'host', 'joined') returning session_id, user_id;

-- @session2_participant
insert into public.collaboration_participants (session_id, user_id, role, status)
values ({session2}, {participant}, 'editor', 'left') returning session_id, user_id;

-- @room_owner
insert into public.voice_rooms (host_id, session_id, name)
values ({owner}, {session1}, 'owner room') returning id;

-- @room_owner_solo
insert into public.voice_rooms (host_id, name) values ({owner}, 'owner solo room') returning id;

-- @room_stranger
insert into public.voice_rooms (host_id, name) values ({stranger}, 'stranger room') returning id;

-- Subscriptions: owner pays for pro, stranger is on free; owner is a fan of creator,
-- stranger a fan of spare.

-- @sub_owner
insert into public.subscriptions (user_id, tier) values ({owner}, 'pro') returning user_id;

-- @sub_stranger
insert into public.subscriptions (user_id, tier) values ({stranger}, 'free') returning user_id;

-- @fansub_owner
insert into public.fan_subscriptions (fan_id, creator_id, price_cents)
values ({owner}, {creator}, 500) returning id;

-- @fansub_stranger
insert into public.fan_subscriptions (fan_id, creator_id, price_cents)
values ({stranger}, {spare}, 500) returning id;

-- @caption_creator_priv
insert into public.captions (mashup_id, segment_index, start_seconds, end_seconds, text)
values ({creator_priv}, 0, 0, 1.5, 'la la') returning id;

-- @caption_creator_pub
insert into public.captions (mashup_id, segment_index, start_seconds, end_seconds, text)
values ({creator_pub}, 0, 0, 1.5, 'la la') returning id;

-- @caption_stranger_pub
insert into public.captions (mashup_id, segment_index, start_seconds, end_seconds, text)
values ({stranger_pub}, 0, 0, 1.5, 'la la') returning id;

-- @caption_stranger_priv
insert into public.captions (mashup_id, segment_index, start_seconds, end_seconds, text)
values ({stranger_priv}, 0, 0, 1.5, 'la la') returning id;

-- A unique url per world: two workers' worlds on one shared database must not collide.
-- @sound
insert into public.trending_sounds (title, source, external_url)
values ('probe sound', 'manual', 'https://example.com/probe-' || gen_random_uuid()) returning id;

-- @job_owner
insert into public.ai_jobs (user_id, job_type) values ({owner}, 'stem_separation') returning id;

-- @job_stranger
insert into public.ai_jobs (user_id, job_type) values ({stranger}, 'stem_separation') returning id;

-- Revenue: split A (creator's, draft, 90%: participant + spare, not the creator),
-- B (stranger's, activated once so it has history, then paused: 100%), an active one
-- of stranger's, and C (stranger's, draft, no recipients).

-- @split_a
insert into public.revenue_splits (mashup_id, creator_id) values ({creator_pub}, {creator}) returning id;

-- @recipient_participant
insert into public.revenue_split_recipients (split_id, user_id, display_name, percentage, role)
values ({split_a}, {participant}, 'participant', 60, 'vocalist') returning id;

-- @recipient_spare
insert into public.revenue_split_recipients (split_id, user_id, display_name, percentage)
values ({split_a}, {spare}, 'spare', 30) returning id;

-- @split_b
insert into public.revenue_splits (mashup_id, creator_id) values ({stranger_pub}, {stranger}) returning id;

-- @recipient_stranger
insert into public.revenue_split_recipients (split_id, user_id, display_name, percentage)
values ({split_b}, {stranger}, 'stranger', 100) returning id;

update public.revenue_splits set status = 'active' where id = {split_b};

update public.revenue_splits set status = 'paused' where id = {split_b};

-- @split_active
insert into public.revenue_splits (mashup_id, creator_id) values ({stranger_pub}, {stranger}) returning id;

insert into public.revenue_split_recipients (split_id, user_id, display_name, percentage)
values ({split_active}, {stranger}, 'stranger', 100);

update public.revenue_splits set status = 'active' where id = {split_active};

-- @split_c
insert into public.revenue_splits (mashup_id, creator_id) values ({stranger_pub}, {stranger}) returning id;

-- Analytics: one play each on creator_pub (by owner) and stranger_pub; the triggers
-- keep today's rollup rows.

-- @event_creator_pub
insert into public.analytics_events (user_id, mashup_id, event_type)
values ({owner}, {creator_pub}, 'play') returning id;

-- @event_stranger_pub
insert into public.analytics_events (user_id, mashup_id, event_type)
values ({stranger}, {stranger_pub}, 'play') returning id;

-- @today
select (now() at time zone 'UTC')::date as today;

-- @rollup_creator_pub
select mashup_id, day from public.analytics_daily_rollup
where mashup_id = {creator_pub} and day = {today};

-- @rollup_stranger_pub
select mashup_id, day from public.analytics_daily_rollup
where mashup_id = {stranger_pub} and day = {today};

-- Rows the triggers made (XP, badges, gamification) and catalogue rows of migrations.

-- @xp_owner
select id from public.xp_transactions where user_id = {owner} and reason = 'mashup_published';

-- @xp_stranger
select id from public.xp_transactions where user_id = {stranger} and reason = 'mashup_published'
order by created_at, id limit 1;

-- @badge_owner
select id from public.user_badges where user_id = {owner} and badge_id = 'first_mashup';

-- @badge_stranger
select id from public.user_badges where user_id = {stranger} and badge_id = 'first_mashup';

-- @xp_row_owner
select user_id from public.user_gamification where user_id = {owner};

-- @xp_row_stranger
select user_id from public.user_gamification where user_id = {stranger};

-- @first_mashup
select id from public.badges where id = 'first_mashup';

-- @free_upload
select tier, resource from public.tier_limits where tier = 'free' and resource = 'mashup_upload';
