-- One row per order saga: where it stands, what it waits for and until when, and its timeline.
CREATE TABLE sagas (
    id               uuid        PRIMARY KEY,
    order_id         uuid        NOT NULL UNIQUE,  -- exactly one saga per order, however often OrderCreated arrives
    status           text        NOT NULL,
    step_index       integer     NOT NULL,
    attempts         integer     NOT NULL,
    deadline_at      timestamptz,
    rejection_reason text,
    data             json        NOT NULL,
    timeline         json        NOT NULL,
    version          bigint      NOT NULL,        -- optimistic lock: concurrent updates of one saga cannot both win
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);

-- The deadline scan reads only sagas that wait for something.
CREATE INDEX sagas_deadline_idx ON sagas (deadline_at) WHERE deadline_at IS NOT NULL;
-- Finding stuck or failed sagas: GET /api/sagas?state=...&olderThan=...
CREATE INDEX sagas_status_updated_idx ON sagas (status, updated_at);
