
-- Playlists (appended by the review tests' playlists feature): a public and a private
-- playlist each for owner and stranger, each holding one of stranger's public mashups.

-- @playlist_owner_pub
insert into public.playlists (owner_id, title, is_public)
values ({owner}, 'owner pub', true) returning id;

-- @playlist_owner_priv
insert into public.playlists (owner_id, title, is_public)
values ({owner}, 'owner priv', false) returning id;

-- @playlist_stranger_pub
insert into public.playlists (owner_id, title, is_public)
values ({stranger}, 'stranger pub', true) returning id;

-- @playlist_stranger_priv
insert into public.playlists (owner_id, title, is_public)
values ({stranger}, 'stranger priv', false) returning id;

-- @pitem_owner_pub
insert into public.playlist_items (playlist_id, mashup_id, sort_order)
values ({playlist_owner_pub}, {stranger_pub}, 0) returning playlist_id, mashup_id;

-- @pitem_owner_priv
insert into public.playlist_items (playlist_id, mashup_id, sort_order)
values ({playlist_owner_priv}, {stranger_pub}, 0) returning playlist_id, mashup_id;

-- @pitem_stranger_pub
insert into public.playlist_items (playlist_id, mashup_id, sort_order)
values ({playlist_stranger_pub}, {stranger_pub}, 0) returning playlist_id, mashup_id;

-- @pitem_stranger_priv
insert into public.playlist_items (playlist_id, mashup_id, sort_order)
values ({playlist_stranger_priv}, {stranger_pub}, 0) returning playlist_id, mashup_id;
