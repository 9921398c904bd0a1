-- Who started the saga (the initiated_by of its OrderCreated); null for sagas started before it was recorded.
ALTER TABLE sagas ADD COLUMN started_by text;
