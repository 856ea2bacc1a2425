-- Rollback of 0006_recommendation_events: removes public.recommendation_events.

drop table if exists public.recommendation_events;
