-- The console lists sagas newest first, a page at a time, by (created_at, id) and optionally by customer; these keep
-- every page an index range scan however many sagas there are.
CREATE INDEX sagas_created_idx ON sagas (created_at DESC, id DESC);
CREATE INDEX sagas_started_by_created_idx ON sagas (started_by, created_at DESC);
